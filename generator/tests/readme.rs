//! The README's `specgen` commands run as written, from the repository's
//! root, and print what their comments quote; the paths it names exist.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The lines of the README's `sh` blocks.
fn shell_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut lines = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            _ if in_sh => lines.push(line.to_owned()),
            _ => {}
        }
    }
    lines
}

/// A line's command and the text its comment quotes (`# "…"`), if any.
fn command_and_quote(line: &str) -> (&str, Option<&str>) {
    match line.split_once(" #") {
        Some((command, comment)) => (command.trim(), comment.split('"').nth(1)),
        None => (line.trim(), None),
    }
}

#[test]
fn the_specgen_commands_of_the_readme_run_as_written() {
    let prefix = "cargo run -q --bin specgen -- ";
    let mut ran = 0;
    for line in shell_lines() {
        let (command, quote) = command_and_quote(&line);
        let Some(args) = command.strip_prefix(prefix) else {
            assert!(
                !command.contains("--bin specgen") && !command.contains("-p specgen --"),
                "write README commands as `{prefix}…`: {command}"
            );
            continue;
        };
        let output = Command::new(env!("CARGO_BIN_EXE_specgen"))
            .args(args.split_whitespace())
            .current_dir(root())
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "`{command}` failed:\n{text}");
        if let Some(quote) = quote {
            assert!(text.contains(quote), "`{command}` does not print {quote:?}:\n{text}");
        }
        ran += 1;
    }
    assert!(ran >= 4, "the README has {ran} specgen commands");
}

/// The setup commands name what exists: the generator's package and the
/// two-command steps.
#[test]
fn the_setup_commands_name_what_exists() {
    let lines = shell_lines();
    let has = |command: &str| lines.iter().any(|l| command_and_quote(l).0 == command);
    assert!(has("cargo build") && has("cargo test --workspace"));
    let install = lines.iter().find(|l| l.starts_with("cargo install")).expect("an install command");
    assert!(install.contains("--locked"), "{install}");
    let path = install.split_whitespace().skip_while(|w| *w != "--path").nth(1).unwrap();
    assert!(root().join(path).join("Cargo.toml").is_file(), "{install}");
    // The test command CI runs is the README's.
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo test --workspace"), "CI runs the README's test command");
}
