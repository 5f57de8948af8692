//! Markdown → HTML with comrak, for the HTML versions of the Markdown
//! documents. Only tables and task lists (the checklist's boxes) are on; raw HTML in the input is
//! escaped, never passed through (input text is also escaped by the `md`
//! filter, so this is the second line of defence).

use comrak::{Options, markdown_to_html};

pub fn naar_html(md: &str) -> String {
    let mut opts = Options::default();
    opts.extension.table = true;
    opts.extension.tasklist = true;
    opts.render.escape = true;
    toegankelijk(&markdown_to_html(md, &opts))
}

/// Valid, accessible HTML from comrak's output: a class instead of the
/// obsolete `align` attribute on table cells, and every task-list box
/// labelled by the text of its item (comrak writes a bare, disabled
/// `<input>`). Input text is escaped, so these patterns only match comrak's
/// own markup.
fn toegankelijk(html: &str) -> String {
    let html = html
        .replace(" align=\"right\"", " class=\"rechts\"")
        .replace(" align=\"center\"", " class=\"midden\"")
        .replace(" align=\"left\"", "");
    const BOX: &str = "<input type=\"checkbox\" disabled=\"\" />";
    const BOX_X: &str = "<input type=\"checkbox\" checked=\"\" disabled=\"\" />";
    // Both boxes start alike: one scan finds the next of either (a scan
    // per pattern from every box would go over the page again and again).
    const BEGIN: &str = "<input type=\"checkbox\" ";
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html.as_str();
    let mut from = 0;
    while let Some(j) = rest[from..].find(BEGIN) {
        let i = from + j;
        let b = match &rest[i..] {
            r if r.starts_with(BOX) => BOX,
            r if r.starts_with(BOX_X) => BOX_X,
            _ => {
                from = i + BEGIN.len();
                continue;
            }
        };
        out.push_str(&rest[..i]);
        let after = &rest[i + b.len()..];
        // The item's own text runs to its end, or to a nested list.
        let end = eerste_tag(after, &["</li>", "</p>", "<ul>", "<ol>", "<ol "]).unwrap_or(after.len());
        let checked = if b == BOX_X { " checked" } else { "" };
        let tekst = after[..end].trim_end();
        out.push_str(&format!("<label><input type=\"checkbox\"{checked}>{tekst}</label>"));
        rest = &after[tekst.len()..];
        from = 0;
    }
    out.push_str(rest);
    een_h1(out)
}

/// Where the first of `tags` (each starting with `<`) begins in `s`.
fn eerste_tag(s: &str, tags: &[&str]) -> Option<usize> {
    s.match_indices('<')
        .map(|(i, _)| i)
        .find(|&i| tags.iter().any(|t| s[i..].starts_with(t)))
}

/// One `h1` per page: when the Markdown has more than one top heading (the
/// draaiboek's parts), every heading after the first goes one level down,
/// with a class `kopN` naming its level in the Markdown so the style sheet
/// can keep its look.
fn een_h1(html: String) -> String {
    if html.matches("<h1>").count() <= 1 {
        return html;
    }
    let first = html.find("</h1>").map_or(0, |i| i + "</h1>".len());
    let (kop, rest) = html.split_at(first);
    // One pass: `<hN>` becomes `<hN+1 class="kopN">`, `</hN>` becomes `</hN+1>`.
    let mut out = String::with_capacity(html.len() + 256);
    out.push_str(kop);
    let mut last = 0;
    for (i, _) in rest.match_indices("<") {
        if i < last {
            continue;
        }
        let r = &rest.as_bytes()[i + 1..];
        let (sluit, r) = match r.first() {
            Some(b'/') => (true, &r[1..]),
            _ => (false, r),
        };
        if let [b'h', n @ b'1'..=b'5', b'>', ..] = r {
            let n = n - b'0';
            out.push_str(&rest[last..i]);
            if sluit {
                out.push_str(&format!("</h{}>", n + 1));
            } else {
                out.push_str(&format!("<h{} class=\"kop{n}\">", n + 1));
            }
            last = i + 1 + usize::from(sluit) + 3;
        }
    }
    out.push_str(&rest[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = naar_html("Hallo <script>alert(1)</script>\n\n<div>x</div>\n");
        assert!(!html.contains("<script>") && !html.contains("<div>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn checklist_items_become_labelled_boxes() {
        let html = naar_html("- [ ] Zaal reserveren\n- [x] Koffie\n- [ ] Met een lijst:\n  - a\n");
        assert!(
            html.contains("<li><label><input type=\"checkbox\"> Zaal reserveren</label></li>"),
            "{html}"
        );
        assert!(
            html.contains("<label><input type=\"checkbox\" checked> Koffie</label>"),
            "{html}"
        );
        assert!(
            html.contains("<label><input type=\"checkbox\"> Met een lijst:</label>"),
            "{html}"
        );
        assert_eq!(html.matches("<label>").count(), html.matches("</label>").count());
    }

    #[test]
    fn one_h1_per_page() {
        let html = naar_html("# Titel\n\n# Deel 1\n\n## Stap\n\n### Werkvorm\n");
        assert_eq!(html.matches("<h1>").count(), 1, "{html}");
        assert!(html.contains("<h2 class=\"kop1\">Deel 1</h2>"), "{html}");
        assert!(html.contains("<h3 class=\"kop2\">Stap</h3>"), "{html}");
        assert!(html.contains("<h4 class=\"kop3\">Werkvorm</h4>"), "{html}");
        let html = naar_html("# Titel\n\n## Stap\n");
        assert!(html.contains("<h2>Stap</h2>"), "{html}");
    }

    #[test]
    fn table_alignment_is_a_class() {
        let html = naar_html("| a | b |\n| --- | ---: |\n| 1 | 2 |\n");
        assert!(!html.contains("align="), "{html}");
        assert!(html.contains("<td class=\"rechts\">2</td>"), "{html}");
    }

    #[test]
    fn tables_render() {
        let html = naar_html("| a | b |\n| --- | --- |\n| 1 | 2 |\n");
        assert!(html.contains("<table>") && html.contains("<td>2</td>"), "{html}");
    }
}
