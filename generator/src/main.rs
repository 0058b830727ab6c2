//! `specgen`: check a spec folder or generate the client from it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// glibc's malloc slows down per operation as a large spec's model fragments
/// the heap; with mimalloc generation time stays linear in the operations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "specgen", version, about = "Typed async Rust clients from YAML API specs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a spec folder and print every problem.
    Check {
        /// The spec folder (one sub-folder per API).
        spec_dir: PathBuf,
        /// `text` for people, `json` (an array of diagnostics) for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Generate the client into an output folder (only changed files are written).
    Generate {
        /// The spec folder.
        spec_dir: PathBuf,
        /// The output folder.
        out_dir: PathBuf,
        /// The crate the output is compiled in, as examples name it.
        #[arg(long, default_value = "specgen_clients")]
        crate_name: String,
        /// The Cargo.toml of that crate: every API and group feature it
        /// lacks is declared in it.
        #[arg(long)]
        manifest: Option<PathBuf>,
    },
    /// Import OpenAPI 3.0/3.1 documents as a new API folder of the spec.
    ///
    /// Writes SPEC_DIR/API/api.yaml and one file per tag, only when the result
    /// passes `specgen check`. What the format cannot say is written as a
    /// comment where it belongs and listed at the end.
    Import {
        /// The OpenAPI documents (JSON or YAML); other files they refer to are
        /// read from the same folder.
        #[arg(required = true)]
        documents: Vec<PathBuf>,
        /// The API's name: its folder and Rust module (snake_case).
        #[arg(long)]
        api: String,
        /// The spec folder to write into.
        #[arg(long, default_value = "spec")]
        out: PathBuf,
        /// The API's title (default: the first document's `info.title`).
        #[arg(long)]
        title: Option<String>,
        /// Replace the API folder if it exists.
        #[arg(long)]
        force: bool,
        /// Import only this operation (repeatable): an operationId, as
        /// written or in snake_case, or `"METHOD /path"`.
        #[arg(long = "only", value_name = "OPERATION")]
        only: Vec<String>,
        /// The API's base URL, for documents that give none or a relative
        /// one (`/api/v3` is then taken under it).
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        /// Leave out, with a note, what a `$ref` that cannot be followed
        /// names: a missing file or place, at any depth (without it such a
        /// reference is an error).
        #[arg(long)]
        skip_broken_refs: bool,
        /// Read `$ref`s to URLs under URL from the folder DIR (repeatable;
        /// the longest URL prefix wins). An unmapped URL is looked up beside
        /// the document that names it, by its last segment.
        #[arg(long = "ref-map", value_name = "URL=DIR", value_parser = parse_ref_map)]
        ref_map: Vec<(String, PathBuf)>,
        /// Write each note into the spec as a comment where it belongs, for
        /// review (without, the notes are printed and reported only, and the
        /// spec's OpenAPI export imports again to the same bytes).
        #[arg(long)]
        comments: bool,
        /// Write the coverage report as JSON to FILE: per document,
        /// operations, parameters, bodies, form fields and responses found
        /// and kept, JSON fields typed and untyped, every loss by kind, and
        /// every note with its file and place.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Exit with status 1 when anything was lost (for CI); the spec is
        /// still written.
        #[arg(long)]
        strict: bool,
    },
    /// Print the JSON Schema of the spec format (for editors: spec files name
    /// it in their first line, `# yaml-language-server: $schema=…`).
    Schema,
    /// Start a new client crate for an API: Cargo.toml, build.rs, a spec with
    /// one example operation, the generated client, a test and a README.
    ///
    /// `cargo build` and `cargo test` pass in it at once. Refuses a folder
    /// that exists and is not empty.
    Init {
        /// The new crate's folder.
        dir: PathBuf,
        /// The API's name: its spec folder and Rust module (snake_case).
        #[arg(long)]
        api: String,
        /// The package name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// Take specgen and specgen-runtime from this checkout of specgen
        /// (default: the one this binary was built from, if it is still there).
        #[arg(long, value_name = "DIR", conflicts_with_all = ["specgen_git", "specgen_version"])]
        specgen_path: Option<PathBuf>,
        /// Take specgen and specgen-runtime from this git repository.
        #[arg(long, value_name = "URL", conflicts_with = "specgen_version")]
        specgen_git: Option<String>,
        /// Take specgen and specgen-runtime from the registry, at this version.
        #[arg(long, value_name = "VERSION")]
        specgen_version: Option<String>,
    },
    /// Compare a spec folder with a vendor's OpenAPI documents: what the
    /// documents have that the spec lacks or contradicts, operation by operation.
    ///
    /// Exit status: 0 when the documents add nothing and contradict nothing,
    /// 1 when they do, 2 when the comparison cannot be made.
    Diff {
        /// The spec folder.
        spec_dir: PathBuf,
        /// The OpenAPI documents (JSON or YAML).
        #[arg(required = true)]
        documents: Vec<PathBuf>,
        /// The spec's API the documents describe (default: the one whose
        /// servers share a host with the documents').
        #[arg(long)]
        api: Option<String>,
        /// Read documents despite `$ref`s that cannot be followed.
        #[arg(long)]
        skip_broken_refs: bool,
        /// Read `$ref`s to URLs under URL from the folder DIR (repeatable).
        #[arg(long = "ref-map", value_name = "URL=DIR", value_parser = parse_ref_map)]
        ref_map: Vec<(String, PathBuf)>,
    },
}

/// The notes of an import, each distinct one once: with its place when it
/// stands once, with a count and its first place when it repeats.
fn print_notes(left_out: &[specgen::import::LeftOut], comments: bool) {
    if left_out.is_empty() {
        return;
    }
    let mut grouped: indexmap::IndexMap<&str, (usize, &specgen::import::LeftOut)> = indexmap::IndexMap::new();
    for l in left_out {
        grouped.entry(l.what.as_str()).or_insert((0, l)).0 += 1;
    }
    println!(
        "\nleft out or changed ({} notes, {} distinct), {}:",
        left_out.len(),
        grouped.len(),
        if comments { "each a comment in its file" } else { "each in the report (--report)" }
    );
    for (what, (count, first)) in grouped {
        match count {
            1 => println!("  {first}"),
            n => println!("  {n}× {what} (first at {} {})", first.file, first.place),
        }
    }
}

fn parse_ref_map(text: &str) -> Result<(String, PathBuf), String> {
    specgen::import::document::RefMap::parse_entry(text)
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    specgen::allocator::return_freed_memory_promptly();
    match Cli::parse().command {
        Command::Check { spec_dir, format } => match specgen::Generator::new(&spec_dir).check_summary() {
            Ok(_) if format == Format::Json => {
                println!("[]");
                ExitCode::SUCCESS
            }
            Err(specgen::Error::Spec(diagnostics)) if format == Format::Json => {
                println!("{}", diagnostics.to_json());
                ExitCode::FAILURE
            }
            Ok(summary) => {
                println!(
                    "{}: ok, {} APIs, {} operations, {} types",
                    spec_dir.display(),
                    summary.apis,
                    summary.operations,
                    summary.types
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Command::Import {
            documents,
            api,
            out,
            title,
            force,
            only,
            server,
            skip_broken_refs,
            ref_map,
            report,
            strict,
            comments,
        } => {
            let mut importer =
                specgen::import::Importer::new(api).skip_broken_refs(skip_broken_refs).comments(comments);
            for (url, dir) in ref_map {
                importer = importer.ref_map(url, dir);
            }
            if let Some(server) = server {
                importer = importer.server(server);
            }
            for selector in only {
                importer = importer.only(selector);
            }
            for d in &documents {
                importer = importer.document(d);
            }
            if let Some(title) = title {
                importer = importer.title(title);
            }
            match importer.import().and_then(|imported| imported.write(&out, force).map(|dir| (imported, dir))) {
                Ok((imported, dir)) => {
                    for file in &imported.files {
                        println!("wrote {}", dir.join(&file.path).display());
                    }
                    print_notes(&imported.left_out, comments);
                    println!(
                        "\n{} operations imported, {} with typed error codes, {} notes",
                        imported.operations,
                        imported.with_error_codes,
                        imported.left_out.len()
                    );
                    let coverage = &imported.coverage;
                    eprint!("\n{}", coverage.table());
                    let losses = coverage.losses();
                    if losses.is_empty() {
                        eprintln!("nothing lost");
                    } else {
                        let list: Vec<String> = losses.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
                        eprintln!("lost: {}", list.join(", "));
                    }
                    if let Some(path) = report {
                        let json = serde_json::json!({
                            "api": imported.api,
                            "coverage": coverage,
                            "losses": losses.iter().map(|(k, n)| serde_json::json!({"kind": k, "count": n})).collect::<Vec<_>>(),
                            "notes": imported.left_out.iter().map(|l| serde_json::json!({
                                "file": l.file,
                                "place": l.place,
                                "note": l.what,
                                "lost": l.loss.map(specgen::import::Loss::as_str),
                            })).collect::<Vec<_>>(),
                        });
                        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
                        if let Err(e) = std::fs::write(&path, text + "\n") {
                            eprintln!("cannot write {}: {e}", path.display());
                            return ExitCode::FAILURE;
                        }
                    }
                    if strict && !losses.is_empty() {
                        return ExitCode::FAILURE;
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Schema => {
            print!("{}", specgen::schema::schema_json());
            ExitCode::SUCCESS
        }
        Command::Init { dir, api, name, specgen_path, specgen_git, specgen_version } => {
            use specgen::init::{Init, Source};
            let source = match (specgen_path, specgen_git, specgen_version) {
                (Some(path), _, _) => Some(Source::Path(std::path::absolute(&path).unwrap_or(path))),
                (_, Some(url), _) => Some(Source::Git(url)),
                (_, _, Some(version)) => Some(Source::Version(version)),
                _ => None,
            };
            let mut init = Init::new(&dir, api);
            if let Some(source) = source {
                init = init.source(source);
            }
            if let Some(name) = name {
                init = init.package(name);
            }
            match init.run() {
                Ok(files) => {
                    for file in &files {
                        println!("wrote {}", dir.join(file).display());
                    }
                    println!("\nnext: cd {} && cargo build && cargo test", dir.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Diff { spec_dir, documents, api, skip_broken_refs, ref_map } => {
            let mut diff = specgen::diff::Diff::new(&spec_dir).skip_broken_refs(skip_broken_refs);
            for (url, dir) in ref_map {
                diff = diff.ref_map(url, dir);
            }
            for d in &documents {
                diff = diff.document(d);
            }
            if let Some(api) = api {
                diff = diff.api(api);
            }
            match diff.run() {
                Ok(report) => {
                    print!("{report}");
                    if report.is_clean() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Generate { spec_dir, out_dir, crate_name, manifest } => {
            let mut generator = specgen::Generator::new(&spec_dir).crate_name(crate_name);
            if let Some(manifest) = &manifest {
                generator = generator.manifest(manifest);
            }
            match generator.generate(&out_dir) {
                Ok(report) => {
                    for path in &report.written {
                        println!("wrote {}", out_dir.join(path).display());
                    }
                    for path in &report.removed {
                        println!("removed {}", out_dir.join(path).display());
                    }
                    for feature in &report.declared {
                        println!("declared the cargo feature `{feature}`");
                    }
                    if report.up_to_date {
                        println!("up to date: the spec and the generator are those of the last run");
                    }
                    println!(
                        "{} written, {} unchanged, {} removed",
                        report.written.len(),
                        report.unchanged,
                        report.removed.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
