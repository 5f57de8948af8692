"""Parse .eml files with Python's `email` package (policy.default); print JSON facts.

Usage: check_eml.py FILE...
Each calendar part is also written next to the mail as FILE.part.ics so that
check_ics.py can parse it.
"""
import email
import email.policy
import json
import sys


def tree(part):
    """The MIME structure as text: multipart/mixed(multipart/alternative(text/plain,...),...)."""
    if part.is_multipart():
        return part.get_content_type() + "(" + ",".join(tree(p) for p in part.iter_parts()) + ")"
    return part.get_content_type()


def check(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    raw = open(path, "rb").read()
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    out = {
        "path": path,
        "defects": [repr(d) for d in msg.defects],
        "from": str(msg["From"]),
        "from_name": msg["From"].addresses[0].display_name if msg["From"] else None,
        "from_addr": msg["From"].addresses[0].addr_spec if msg["From"] else None,
        "to": [a.addr_spec for a in msg["To"].addresses] if msg["To"] else [],
        "to_names": [a.display_name for a in msg["To"].addresses] if msg["To"] else [],
        "cc": str(msg.get("Cc")) if msg.get("Cc") else None,
        "bcc": str(msg.get("Bcc")) if msg.get("Bcc") else None,
        "subject": str(msg["Subject"]),
        "date": str(msg["Date"]),
        "date_utc": msg["Date"].datetime.astimezone(__import__("datetime").timezone.utc).isoformat() if msg["Date"] else None,
        "message_id": str(msg["Message-ID"]),
        "x_unsent": str(msg.get("X-Unsent")),
        "mime_version": str(msg.get("MIME-Version")),
        "content_type": msg.get_content_type(),
        "header_max_line": max(len(l) for l in header_block.split(b"\r\n")),
        "all_lines_crlf": b"\n" not in raw.replace(b"\r\n", b""),
        "max_line": max(len(l) for l in raw.split(b"\r\n")),
        "tree": tree(msg),
        "parts": [],
    }
    n = 0
    for part in msg.walk():
        if part.is_multipart():
            continue
        p = {
            "content_type": part.get_content_type(),
            "params": dict(part.get_params() or []),
            "charset": part.get_content_charset(),
            "filename": part.get_filename(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "defects": [repr(d) for d in part.defects],
        }
        if part.get_content_type() == "text/plain":
            p["text"] = part.get_content()
        if part.get_content_type() == "text/calendar":
            n += 1
            ics_path = f"{path}.part{n}.ics"
            with open(ics_path, "wb") as f:
                f.write(part.get_payload(decode=True))
            p["ics_path"] = ics_path
        out["parts"].append(p)
    return out


if __name__ == "__main__":
    print(json.dumps([check(p) for p in sys.argv[1:]], ensure_ascii=False))
