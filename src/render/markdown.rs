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
    markdown_to_html(md, &opts)
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
    fn checklist_items_become_boxes() {
        let html = naar_html("- [ ] Zaal reserveren\n");
        assert!(html.contains("type=\"checkbox\""), "{html}");
    }

    #[test]
    fn tables_render() {
        let html = naar_html("| a | b |\n| --- | --- |\n| 1 | 2 |\n");
        assert!(html.contains("<table>") && html.contains("<td>2</td>"), "{html}");
    }
}
