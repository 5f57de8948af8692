"""Parse .ics files with the independent `icalendar` package; print JSON facts.

Usage: check_ics.py FILE...   (a path, or a mail's calendar part written to a file)
The assertions live in the Rust tests; this script only reports what it sees.
"""
import datetime
import json
import sys
import zoneinfo

import icalendar


def utc_iso(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def value(v):
    if isinstance(v, datetime.datetime):
        return v.replace(tzinfo=None).isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def text(b):
    return b.decode() if isinstance(b, bytes) else str(b)


def address(prop):
    return str(prop).removeprefix("mailto:").removeprefix("MAILTO:")


def check(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    out = {
        "path": path,
        "crlf_only": b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b""),
        "ends_with_crlf": raw.endswith(b"\r\n"),
        "max_line_octets": max(len(l) for l in lines),
    }
    cal = icalendar.Calendar.from_ical(raw)
    out["errors"] = [[c.name, str(e)] for c in cal.walk() for e in c.errors]
    out["method"] = str(cal.get("METHOD", ""))
    out["version"] = str(cal.get("VERSION", ""))
    tzs = cal.walk("VTIMEZONE")
    out["vtimezones"] = []
    vtz_by_id = {}
    for tz in tzs:
        tzid = str(tz["TZID"])
        vtz_by_id[tzid] = tz.to_tz(lookup_tzid=False)
        out["vtimezones"].append(
            {
                "tzid": tzid,
                "parts": [
                    {
                        "name": sub.name,
                        "from": text(sub["TZOFFSETFROM"].to_ical()),
                        "to": text(sub["TZOFFSETTO"].to_ical()),
                        "rrule": text(sub["RRULE"].to_ical()) if "RRULE" in sub else None,
                    }
                    for sub in tz.subcomponents
                ],
            }
        )
    out["events"] = []
    for ev in cal.walk("VEVENT"):
        e = {
            "uid": str(ev.get("UID")),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "status": str(ev.get("STATUS", "")),
            "summary": str(ev.get("SUMMARY", "")),
            "location": str(ev.get("LOCATION", "")),
            "description": str(ev.get("DESCRIPTION", "")),
            "dtstamp": value(ev.decoded("DTSTAMP")) if "DTSTAMP" in ev else None,
            "organizer": address(ev["ORGANIZER"]) if "ORGANIZER" in ev else None,
            "organizer_cn": str(ev["ORGANIZER"].params.get("CN", "")) if "ORGANIZER" in ev else None,
            "attendees": [],
        }
        att = ev.get("ATTENDEE")
        if att is not None:
            for a in att if isinstance(att, list) else [att]:
                e["attendees"].append(
                    {
                        "email": address(a),
                        "cn": str(a.params.get("CN", "")),
                        "rsvp": str(a.params.get("RSVP", "")),
                        "role": str(a.params.get("ROLE", "")),
                    }
                )
        for key in ("DTSTART", "DTEND"):
            if key not in ev:
                continue
            prop = ev[key]
            dt = prop.dt
            k = key.lower()
            e[k] = value(dt)
            e[k + "_tzid"] = prop.params.get("TZID")
            e[k + "_value"] = prop.params.get("VALUE")
            tzid = prop.params.get("TZID")
            if isinstance(dt, datetime.datetime) and tzid:
                naive = dt.replace(tzinfo=None)
                # Two independent conversions: the system tz database (zoneinfo)
                # and the VTIMEZONE rules written in the file itself.
                e[k + "_utc_zoneinfo"] = utc_iso(naive.replace(tzinfo=zoneinfo.ZoneInfo(tzid)))
                if tzid in vtz_by_id:
                    e[k + "_utc_vtimezone"] = utc_iso(naive.replace(tzinfo=vtz_by_id[tzid]))
        out["events"].append(e)
    return out


if __name__ == "__main__":
    print(json.dumps([check(p) for p in sys.argv[1:]], ensure_ascii=False))
