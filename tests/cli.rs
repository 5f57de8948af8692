//! CLI behaviour pinned by golden files (trycmd): `tests/cmd/*.toml` name the
//! arguments and exit code, `*.stdout` / `*.stderr` hold what the user sees.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_goldens() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
