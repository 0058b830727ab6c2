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
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { spec_dir, format } => match specgen::Generator::new(&spec_dir).check() {
            Ok(_) if format == Format::Json => {
                println!("[]");
                ExitCode::SUCCESS
            }
            Err(specgen::Error::Spec(diagnostics)) if format == Format::Json => {
                println!("{}", diagnostics.to_json());
                ExitCode::FAILURE
            }
            Ok(model) => {
                let types: usize = model.apis.iter().map(|a| a.types.len()).sum();
                println!(
                    "{}: ok, {} APIs, {} operations, {types} types",
                    spec_dir.display(),
                    model.apis.len(),
                    model.operation_count()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Command::Generate { spec_dir, out_dir, crate_name } => {
            match specgen::Generator::new(&spec_dir).crate_name(crate_name).generate(&out_dir) {
                Ok(report) => {
                    for path in &report.written {
                        println!("wrote {}", out_dir.join(path).display());
                    }
                    for path in &report.removed {
                        println!("removed {}", out_dir.join(path).display());
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
