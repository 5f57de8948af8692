//! The command line, defined with clap derive. Dutch for the user; the
//! conventional names `completions` and `man` stay English.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "draaiboek",
    version,
    about = "Plan, controleer en maak een verdiepende bijeenkomst Kansrijke Start",
    long_about = "draaiboek helpt de trekker van een coalitie Kansrijke Start een verdiepende \
bijeenkomst te organiseren: je beschrijft de bijeenkomst in één TOML-bestand, draaiboek \
controleert het programma (maximaal 2 uur, 12–20 deelnemers, uitnodiging 6 weken vooraf, \
e-learning gedaan, genoeg casuskaarten …) en maakt de agenda, het draaiboek voor de \
gespreksleider, de uitnodigingen en het drukwerk.",
    after_help = "Voorbeeld:\n  draaiboek nieuw zeist.toml\n  draaiboek controleer zeist.toml\n  draaiboek maak zeist.toml",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_value_name = "COMMANDO",
    subcommand_help_heading = "Commando's",
    help_template = "{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}"
)]
pub struct Cli {
    /// Gebruik een eigen bibliotheek (map met building-blocks/ en casuistiek/) in plaats van de ingebouwde
    #[arg(long, global = true, value_name = "MAP")]
    pub bibliotheek: Option<PathBuf>,

    /// Toon deze hulp
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, display_order = 1000)]
    pub help: Option<bool>,

    /// Toon het versienummer
    #[arg(short = 'V', long = "version", action = ArgAction::Version, display_order = 1001)]
    pub version: Option<bool>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Formaat {
    #[default]
    Tekst,
    Json,
}

/// `draaiboek regels` also writes the rule list as a Markdown table: the
/// project's own rule documentation (`docs/regels.md`) is made with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum RegelsFormaat {
    #[default]
    Tekst,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum UitvoerFormaat {
    Md,
    Html,
    #[default]
    Beide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

/// Options every command that reads a session shares.
#[derive(Args, Debug, Clone)]
pub struct SessieArgs {
    /// Het sessiebestand (TOML)
    #[arg(value_name = "SESSIE.toml")]
    pub sessie: PathBuf,

    /// Doe alsof het vandaag deze datum is (jjjj-mm-dd), voor een controle die elke dag hetzelfde uitvalt
    #[arg(long, value_name = "JJJJ-MM-DD", value_parser = parse_date)]
    pub vandaag: Option<chrono::NaiveDate>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::datetime::parse_date(s).map_err(|slip| slip.one_line(true))
}

fn parse_poort(s: &str) -> Result<u16, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is geen poortnummer; kies een getal van 1 tot 65535, of laat --poort weg"))
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Controleer een sessiebestand aan de regels van het draaiboek
    #[command(
        visible_alias = "check",
        long_about = "Leest het sessiebestand, past alle regels van het draaiboek toe (duur, aantal \
deelnemers, uitnodigingstermijn, e-learning, casussen, volgorde …) en meldt wat er niet klopt.\n\n\
Afsluitcode: 0 geen fouten, 1 minstens één fout (met --strikt ook een waarschuwing), \
2 het bestand is niet te gebruiken.",
        after_help = "Voorbeelden:\n  draaiboek controleer zeist.toml\n  draaiboek controleer zeist.toml --vandaag 2027-01-15 --formaat json"
    )]
    Controleer {
        #[command(flatten)]
        sessie: SessieArgs,
        /// Behandel waarschuwingen als fouten (afsluitcode 1)
        #[arg(long)]
        strikt: bool,
        /// Uitvoer als leesbare tekst of als JSON
        #[arg(long, value_enum, default_value_t)]
        formaat: Formaat,
    },

    /// Toon alle regels die `controleer` toepast: code, ernst en wat de regel controleert
    #[command(
        long_about = "Toont elke regel van `draaiboek controleer`: de code die in een melding staat, \
of het een fout of een waarschuwing is, en in één zin wat de regel controleert. Met \
--formaat json komt er een lijst van {code, ernst, uitleg}, met --formaat markdown een tabel.",
        after_help = "Voorbeelden:\n  draaiboek regels\n  draaiboek regels --formaat json\n  draaiboek regels --formaat markdown > regels.md"
    )]
    Regels {
        /// Uitvoer als leesbare tekst, als JSON of als Markdown-tabel
        #[arg(long, value_enum, default_value_t)]
        formaat: RegelsFormaat,
    },

    /// Maak alle documenten: agenda, draaiboek, uitnodigingen, agenda-uitnodigingen en drukwerk
    #[command(
        visible_alias = "render",
        long_about = "Maakt alle documenten voor de bijeenkomst in een map naast het sessiebestand \
(of in --uit MAP). Bestaande bestanden die draaiboek niet zelf gemaakt heeft, worden nooit \
overschreven zonder --forceer. Heeft de sessie fouten, dan worden de documenten als concept \
gemarkeerd en is de afsluitcode 1.",
        after_help = "Voorbeelden:\n  draaiboek maak zeist.toml\n  draaiboek maak zeist.toml --uit documenten --formaat html"
    )]
    Maak {
        #[command(flatten)]
        sessie: SessieArgs,
        #[command(flatten)]
        uit: UitArgs,
        /// Markdown, HTML of allebei
        #[arg(long, value_enum, default_value_t)]
        formaat: UitvoerFormaat,
        /// Andere volgorde voor de groepsindeling (een getal)
        #[arg(long, value_name = "N")]
        zaad: Option<u64>,
    },

    /// Leg vast dat je de uitnodigingen (of de wijzigingen, de afzeggingen) hebt verstuurd
    #[command(
        long_about = "Schrijft in het sessiebestand (onder [[verstuurd]], met behoud van je opmerkingen) dat de berichten die `maak` voor deze versie klaarzette, zijn verstuurd: aan iedereen die er een moest krijgen, of met --deelnemer alleen aan deze mensen. Tot je dit doet, zijn de uitnodigingen concepten die je vrij kunt aanpassen. Daarna moet `versie` omhoog als datum, tijd of plaats verandert, en krijgt precies wie een versie kreeg een wijzigingsbericht of afzegging.\n\ndraaiboek controleert eerst of de concept-mails in de uitvoermap bij het sessiebestand horen zoals het nu is; zo niet, maak ze dan eerst opnieuw.",
        after_help = "Voorbeelden:\n  draaiboek verstuurd zeist.toml\n  draaiboek verstuurd zeist.toml --datum 2027-01-21\n  draaiboek verstuurd zeist.toml --deelnemer \"Ingrid de Vries\" --deelnemer r.bos@example.nl"
    )]
    Verstuurd {
        #[command(flatten)]
        sessie: SessieArgs,
        /// Alleen aan deze deelnemer (naam, e-mailadres of id; mag vaker)
        #[arg(long, value_name = "NAAM")]
        deelnemer: Vec<String>,
        /// De dag waarop het verstuurd is (standaard: vandaag)
        #[arg(long, value_name = "JJJJ-MM-DD", value_parser = parse_date)]
        datum: Option<chrono::NaiveDate>,
        /// De map waarin `maak` de documenten zette (standaard: een map naast het sessiebestand, met dezelfde naam)
        #[arg(long, value_name = "MAP")]
        uit: Option<PathBuf>,
    },

    /// Maak na de bijeenkomst het verslag, de bedankmails en de contactlijst
    #[command(
        long_about = "Maakt na de bijeenkomst, in dezelfde map als `maak`: verslag.md en verslag.html \
(het programma zoals het was, wie er waren per domein en organisatie, de inzichten, de afspraken en \
hoe het verder gaat), contactlijst.html (alleen wie `delen = true` heeft) en per aanwezige met een \
e-mailadres een bedankmail als concept in bedankt/.\n\n\
Zet eerst in het sessiebestand bij elke deelnemer `aanwezig = true` of `false` en `delen = true` \
of `false` (of in je spreadsheet de kolommen aanwezig en delen, met ja of nee), en vul \
[[afspraken]] (wie, wat, wanneer) en [verslag] (inzichten, vervolg) in.\n\n\
Vóór de datum van de bijeenkomst staat er CONCEPT op het verslag en komen er geen mails.",
        after_help = "Voorbeeld:\n  draaiboek verslag examples/zeist-na-afloop.toml --vandaag 2027-03-12"
    )]
    Verslag {
        #[command(flatten)]
        sessie: SessieArgs,
        #[command(flatten)]
        uit: UitArgs,
    },

    /// Bekijk alle documenten in je browser; ze worden bijgewerkt zodra je het sessiebestand bewaart
    #[command(
        long_about = "Start een kleine webserver op je eigen computer (alleen bereikbaar via \
127.0.0.1). Daar zie je wat `maak` zou maken: de controle, de agenda, het draaiboek, het \
drukwerk en de uitnodiging van elke deelnemer. Alles wordt in het geheugen gemaakt; er wordt \
geen bestand geschreven. Bewaar je het sessiebestand, de CSV met deelnemers of een eigen \
sjabloon, dan ververst elke open pagina zichzelf. De eerste regel van de uitvoer is het adres. \
Stoppen: Ctrl-C.",
        after_help = "Voorbeelden:\n  draaiboek bekijk zeist.toml --open\n  draaiboek bekijk zeist.toml --poort 8000 --sjablonen mijn-sjablonen"
    )]
    Bekijk {
        #[command(flatten)]
        sessie: SessieArgs,
        /// Het poortnummer (standaard: een vrije poort)
        #[arg(long, value_name = "N", value_parser = parse_poort)]
        poort: Option<u16>,
        /// Open de startpagina in je standaardbrowser
        #[arg(long)]
        open: bool,
        /// Gebruik eigen sjablonen uit deze map (per bestandsnaam)
        #[arg(long, value_name = "MAP")]
        sjablonen: Option<PathBuf>,
    },

    /// Maak alleen de printbare casuskaarten
    #[command(after_help = "Voorbeeld:\n  draaiboek kaarten zeist.toml --uit print")]
    Kaarten {
        #[command(flatten)]
        sessie: SessieArgs,
        #[command(flatten)]
        uit: UitArgs,
    },

    /// Toon de bouwstenen en werkvormen van de bibliotheek
    #[command(
        after_help = "Voorbeelden:\n  draaiboek bouwstenen\n  draaiboek bouwstenen --bouwsteen samenwerking\n  draaiboek bouwstenen --formaat json"
    )]
    Bouwstenen {
        /// Toon één bouwsteen volledig (doel, benodigdheden, elke werkvorm met stappen en tijden)
        #[arg(long, value_name = "ID")]
        bouwsteen: Option<String>,
        /// Uitvoer als leesbare tekst of als JSON
        #[arg(long, value_enum, default_value_t)]
        formaat: Formaat,
        /// Neem ook de eigen casussen van deze sessie mee
        #[arg(long, value_name = "SESSIE.toml")]
        sessie: Option<PathBuf>,
    },

    /// Toon de casuskaarten van de bibliotheek
    #[command(
        after_help = "Voorbeelden:\n  draaiboek casussen\n  draaiboek casussen --sessie zeist.toml --formaat json"
    )]
    Casussen {
        /// Uitvoer als leesbare tekst of als JSON
        #[arg(long, value_enum, default_value_t)]
        formaat: Formaat,
        /// Neem ook de eigen casussen ([[casus]]) van deze sessie mee
        #[arg(long, value_name = "SESSIE.toml")]
        sessie: Option<PathBuf>,
    },

    /// Toon de agenda met kloktijden in de terminal
    #[command(after_help = "Voorbeeld:\n  draaiboek agenda zeist.toml")]
    Agenda {
        #[command(flatten)]
        sessie: SessieArgs,
    },

    /// Toon een uitnodiging, om te controleren of te plakken in een mail
    #[command(
        after_help = "Voorbeelden:\n  draaiboek uitnodiging zeist.toml\n  draaiboek uitnodiging zeist.toml --deelnemer \"Ingrid de Vries\""
    )]
    Uitnodiging {
        #[command(flatten)]
        sessie: SessieArgs,
        /// De persoonlijke uitnodiging voor deze deelnemer (naam, of een deel ervan)
        #[arg(long, value_name = "NAAM")]
        deelnemer: Option<String>,
        /// Gebruik eigen sjablonen uit deze map (gaat voor `sjablonen` in het sessiebestand)
        #[arg(long, value_name = "MAP")]
        sjablonen: Option<PathBuf>,
    },

    /// Toon de groepsindeling voor elke werkvorm met groepjes
    #[command(
        after_help = "Voorbeelden:\n  draaiboek groepen zeist.toml\n  draaiboek groepen zeist.toml --zaad 7 --formaat json"
    )]
    Groepen {
        #[command(flatten)]
        sessie: SessieArgs,
        /// Andere indeling (een getal); zonder dit is de indeling steeds dezelfde
        #[arg(long, value_name = "N")]
        zaad: Option<u64>,
        /// Uitvoer als leesbare tekst of als JSON
        #[arg(long, value_enum, default_value_t)]
        formaat: Formaat,
    },

    /// Schrijf een nieuw sessiebestand met uitleg bij elke sleutel
    #[command(
        after_help = "Voorbeelden:\n  draaiboek nieuw\n  draaiboek nieuw zeist.toml --titel \"Verdiepende bijeenkomst Zeist\" --datum 2027-03-11"
    )]
    Nieuw(NieuwArgs),

    /// Voeg een bouwsteen toe aan het programma (het bestand blijft verder zoals het is)
    #[command(
        name = "voeg-toe",
        after_help = "Voorbeelden:\n  draaiboek voeg-toe zeist.toml communicatie --werkvorm casuistiek-bespreken\n  draaiboek voeg-toe zeist.toml samenwerking --werkvorm pitch --werkvorm klantreis --na kwetsbaarheid"
    )]
    VoegToe {
        /// Het sessiebestand (TOML)
        #[arg(value_name = "SESSIE.toml")]
        sessie: PathBuf,
        /// De bouwsteen om toe te voegen (id, zie `draaiboek bouwstenen`)
        #[arg(value_name = "BOUWSTEEN")]
        bouwsteen: String,
        /// Gekozen werkvorm (mag vaker, bijvoorbeeld één per onderdeel)
        #[arg(long, value_name = "ID")]
        werkvorm: Vec<String>,
        /// Zet de bouwsteen na deze bouwsteen (anders vóór de afsluiting, of achteraan)
        #[arg(long, value_name = "BOUWSTEEN")]
        na: Option<String>,
    },

    /// Haal een bouwsteen uit het programma (het bestand blijft verder zoals het is)
    #[command(after_help = "Voorbeeld:\n  draaiboek verwijder zeist.toml kennismaking")]
    Verwijder {
        /// Het sessiebestand (TOML)
        #[arg(value_name = "SESSIE.toml")]
        sessie: PathBuf,
        /// De bouwsteen om te verwijderen
        #[arg(value_name = "BOUWSTEEN")]
        bouwsteen: String,
    },

    /// Schrijf de ingebouwde sjablonen naar een map, om ze aan te passen
    #[command(after_help = "Voorbeelden:\n  draaiboek sjablonen --exporteer mijn-sjablonen\n  \
(zet daarna in je sessiebestand onder [bijeenkomst]: sjablonen = \"mijn-sjablonen\")\n  \
draaiboek sjablonen --context zeist.toml")]
    Sjablonen {
        /// De map waarin de sjablonen komen
        #[arg(long, value_name = "MAP", conflicts_with = "context")]
        exporteer: Option<PathBuf>,
        /// Toon als JSON alle variabelen die de sjablonen voor dit sessiebestand krijgen
        #[arg(long, value_name = "SESSIE.toml")]
        context: Option<PathBuf>,
        /// Doe alsof het vandaag deze datum is (jjjj-mm-dd), voor --context
        #[arg(long, value_name = "JJJJ-MM-DD", value_parser = parse_date, requires = "context")]
        vandaag: Option<chrono::NaiveDate>,
    },

    /// Print shell-aanvulling (completions) voor bash, zsh, fish of PowerShell
    #[command(
        after_help = "Voorbeeld (bash):\n  draaiboek completions bash > ~/.local/share/bash-completion/completions/draaiboek"
    )]
    Completions {
        /// De shell waarvoor de aanvulling is
        #[arg(value_enum)]
        shell: Shell,
    },

    /// Print de handleiding (man page)
    #[command(after_help = "Voorbeeld:\n  draaiboek man > draaiboek.1 && man ./draaiboek.1")]
    Man,
}

/// Where output goes, shared by `maak` and `kaarten`.
#[derive(Args, Debug, Clone)]
pub struct UitArgs {
    /// De map voor de documenten (standaard: een map naast het sessiebestand, met dezelfde naam)
    #[arg(long, value_name = "MAP")]
    pub uit: Option<PathBuf>,
    /// Gebruik eigen sjablonen uit deze map (per bestandsnaam; gaat voor `sjablonen` in het sessiebestand)
    #[arg(long, value_name = "MAP")]
    pub sjablonen: Option<PathBuf>,
    /// Overschrijf ook bestanden die draaiboek niet zelf gemaakt heeft
    #[arg(long)]
    pub forceer: bool,
}

#[derive(Args, Debug, Clone, Default)]
pub struct NieuwArgs {
    /// Het bestand om te maken (standaard: bijeenkomst.toml)
    #[arg(value_name = "BESTAND")]
    pub bestand: Option<PathBuf>,
    /// Titel van de bijeenkomst
    #[arg(long)]
    pub titel: Option<String>,
    /// Naam van de coalitie
    #[arg(long)]
    pub coalitie: Option<String>,
    /// Datum van de bijeenkomst (jjjj-mm-dd)
    #[arg(long, value_parser = parse_date)]
    pub datum: Option<chrono::NaiveDate>,
    /// Begintijd (uu:mm)
    #[arg(long)]
    pub begintijd: Option<String>,
    /// Locatie
    #[arg(long)]
    pub locatie: Option<String>,
    /// Naam van de organisator (trekker)
    #[arg(long)]
    pub organisator: Option<String>,
    /// E-mailadres van de organisator
    #[arg(long)]
    pub email: Option<String>,
    /// Stel geen vragen, ook niet op een terminal
    #[arg(long)]
    pub niet_interactief: bool,
    /// Doe alsof het vandaag deze datum is (voor de standaarddatum)
    #[arg(long, value_name = "JJJJ-MM-DD", value_parser = parse_date)]
    pub vandaag: Option<chrono::NaiveDate>,
}
