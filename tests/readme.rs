//! The README's quick start, run literally: every `draaiboek …` line of the
//! "Snel beginnen" block, in order, in an empty folder. A line may end with
//! `# afsluitcode N`; otherwise it must exit 0. So the README cannot drift
//! from the tool.

mod common;

fn quick_start() -> Vec<(String, i32)> {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let section = readme
        .split("## Snel beginnen")
        .nth(1)
        .expect("README has a section 'Snel beginnen'");
    let block = section
        .split("```sh\n")
        .nth(1)
        .expect("with a sh block")
        .split("```")
        .next()
        .unwrap();
    block
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("draaiboek "))
        .map(|l| {
            let (cmd, comment) = l.split_once('#').unwrap_or((l, ""));
            let code = comment
                .trim()
                .strip_prefix("afsluitcode ")
                .map_or(0, |n| n.trim().parse().unwrap());
            (cmd.trim().to_string(), code)
        })
        .collect()
}

#[test]
fn readme_quick_start_works_as_written() {
    let steps = quick_start();
    assert!(steps.len() >= 5, "the quick start lost its commands: {steps:?}");
    let dir = tempfile::tempdir().unwrap();
    for (cmd, expected) in &steps {
        let words = shlex::split(cmd).expect("a shell line");
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let out = common::run(&args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(*expected),
            "`{cmd}` exited {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            common::stdout(&out),
            common::stderr(&out)
        );
        assert!(!common::stderr(&out).contains("panicked"));
    }
    // What the steps promise.
    let session = std::fs::read_to_string(dir.path().join("zeist.toml")).unwrap();
    assert!(session.contains("Verdiepende bijeenkomst Zeist") && session.contains("2027-03-11"));
    let agenda = std::fs::read_to_string(dir.path().join("zeist/agenda.md")).expect("maak wrote the agenda");
    assert!(agenda.contains("donderdag 11 maart 2027"), "{agenda}");
    assert!(agenda.contains("CONCEPT"), "placeholders make it a concept:\n{agenda}");
    assert!(dir.path().join("zeist/agenda.html").exists());
}

#[test]
fn readme_setup_commands_are_the_two_ci_uses() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- maak examples/zeist.toml --vandaag 2027-01-15\ncargo test\n"));
    let ci = std::fs::read_to_string(common::root().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo test --locked"), "CI runs the README's test command");
}
