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
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html.as_str();
    loop {
        let next = [BOX, BOX_X]
            .iter()
            .filter_map(|b| rest.find(b).map(|i| (i, *b)))
            .min_by_key(|(i, _)| *i);
        let Some((i, b)) = next else { break };
        out.push_str(&rest[..i]);
        let after = &rest[i + b.len()..];
        // The item's own text runs to its end, or to a nested list.
        let end = ["</li>", "</p>", "<ul>", "<ol>", "<ol "]
            .iter()
            .filter_map(|t| after.find(t))
            .min()
            .unwrap_or(after.len());
        let checked = if b == BOX_X { " checked" } else { "" };
        let tekst = after[..end].trim_end();
        out.push_str(&format!("<label><input type=\"checkbox\"{checked}>{tekst}</label>"));
        rest = &after[tekst.len()..];
    }
    out.push_str(rest);
    een_h1(out)
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
    let mut rest = rest.to_string();
    for n in (1..=5).rev() {
        rest = rest
            .replace(&format!("<h{n}>"), &format!("<h{} class=\"kop{n}\">", n + 1))
            .replace(&format!("</h{n}>"), &format!("</h{}>", n + 1));
    }
    format!("{kop}{rest}")
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
