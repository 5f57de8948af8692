#!/usr/bin/env python3
"""Write a session with N invitees from a CSV file, for the benchmarks.

Usage: benches/genereer.py N DIR   → DIR/sessie-N.toml and DIR/deelnemers-N.csv
Deterministic: the same N gives the same files.
"""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
domeinen = ["medisch", "sociaal", "informeel"]
functies = ["verloskundige", "huisarts", "jeugdverpleegkundige", "kraamverzorgende",
            "wijkteammedewerker", "schuldhulpverlener", "pedagogisch medewerker", "vrijwilliger"]
voornamen = ["Anne", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jeroen",
             "Kees", "Lotte", "Mehmet", "Noor", "Özlem", "Pieter", "Rachida", "Sanne", "Tim", "Yara"]
achternamen = ["de Vries", "Jansen", "Bakker", "Yılmaz", "Römer", "El Amrani", "Visser", "Smit", "Mulder", "de Boer"]
with open(os.path.join(out, f"deelnemers-{n}.csv"), "w", encoding="utf-8") as f:
    f.write("naam;email;organisatie;functie;domein;elearning;status\n")
    for i in range(n):
        naam = f"{voornamen[i % len(voornamen)]} {achternamen[(i // len(voornamen)) % len(achternamen)]} {i}"
        f.write(f"{naam};p{i}@org{i % 40}.example;Organisatie {i % 40};{functies[i % len(functies)]};"
                f"{domeinen[i % 3]};{'ja' if i % 7 else 'nee'};{'aangemeld' if i % 5 else 'uitgenodigd'}\n")
with open(os.path.join(out, f"sessie-{n}.toml"), "w", encoding="utf-8") as f:
    f.write(f"""[bijeenkomst]
titel = "Benchmark met {n} genodigden"
coalitie = "Coalitie Benchmark"
datum = 2027-03-11
begintijd = 13:30:00
locatie = "Zaal 1"
uitnodiging = 2027-01-21
deelnemers_csv = "deelnemers-{n}.csv"
leerdoelen = ["Meten hoe snel draaiboek is"]

[organisator]
naam = "Fatima El Amrani"
email = "f.elamrani@example.nl"

[informeel]
lunch = 30
borrel = 30

[[programma]]
bouwsteen = "inloop"
[[programma]]
bouwsteen = "welkom"
duur = 10
[[programma]]
bouwsteen = "kennismaking"
werkvorm = "speeddate"
[[programma]]
bouwsteen = "kwetsbaarheid"
werkvorm = "casus-factoren"
casussen = ["youssef", "geloof", "kasia-pjotr", "selma", "saskia", "naomi-vaccinatie", "naomi-kinderwens", "samira"]
[[programma]]
bouwsteen = "afsluiting"
""")
