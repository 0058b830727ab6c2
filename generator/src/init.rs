//! `specgen init`: a new client crate for an API that builds and passes its
//! tests at once: `Cargo.toml`, `build.rs` (regeneration through
//! [`Generator::build_script`]), a spec with one example operation, the
//! generated client, a test that calls the operation against a local server
//! and a README.

use std::fmt;
use std::path::{Path, PathBuf};

use heck::ToTitleCase;

use crate::ident::is_rust_ident;
use crate::schema;
use crate::Generator;

/// Where the new crate takes `specgen` and `specgen-runtime` from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A checkout of the specgen repository (its root folder).
    Path(PathBuf),
    /// A git repository of specgen.
    Git(String),
    /// A version requirement on the registry.
    Version(String),
}

impl Source {
    /// The checkout this binary was built from, when it is still there;
    /// else this version from the registry.
    pub fn default_for_this_build() -> Source {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf);
        match root {
            Some(root) if root.join("runtime/Cargo.toml").is_file() && root.join("generator/Cargo.toml").is_file() => {
                Source::Path(root)
            }
            _ => Source::Version(env!("CARGO_PKG_VERSION").to_owned()),
        }
    }

    /// The same source seen from the folder `from`: a checkout's path
    /// relative to it, so that the crate and the checkout move together (a
    /// path that has no relative form, on another drive, stays as it is).
    fn relative_to(&self, from: &Path) -> Source {
        match self {
            Source::Path(root) => {
                let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
                let relative = pathdiff::diff_paths(absolute(root), absolute(from));
                Source::Path(relative.unwrap_or_else(|| root.clone()))
            }
            other => other.clone(),
        }
    }

    /// The dependency's table in `Cargo.toml` for the package in `sub_dir`
    /// of the repository; `extra` adds keys (`, optional = true`).
    fn dependency(&self, sub_dir: &str, extra: &str) -> String {
        let source = match self {
            // Forward slashes: the manifest reads the same on every system.
            Source::Path(root) => {
                format!("path = {}", toml_string(&root.join(sub_dir).to_string_lossy().replace('\\', "/")))
            }
            Source::Git(url) => format!("git = {}", toml_string(url)),
            Source::Version(v) => format!("version = {}", toml_string(v)),
        };
        format!("{{ {source}{extra} }}")
    }
}

/// `text` as a TOML string, quoted and escaped by `toml_edit`.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// Why `init` refused.
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and holds something.
    NotEmpty(PathBuf),
    /// A name cannot be used, and why.
    BadName(String),
    /// Writing failed.
    Io(std::io::Error),
    /// The example did not generate: a generator bug.
    Generate(crate::Error),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::NotEmpty(dir) => write!(f, "{} exists and is not empty; nothing was written", dir.display()),
            InitError::BadName(why) => write!(f, "{why}"),
            InitError::Io(e) => write!(f, "cannot write the new crate: {e}"),
            InitError::Generate(e) => write!(f, "the example spec did not generate: {e}"),
        }
    }
}

impl std::error::Error for InitError {}

impl From<std::io::Error> for InitError {
    fn from(e: std::io::Error) -> Self {
        InitError::Io(e)
    }
}

/// A new client crate: its folder, the API's name, its package name and
/// where its specgen dependencies come from.
#[derive(Debug, Clone)]
pub struct Init {
    dir: PathBuf,
    api: String,
    package: Option<String>,
    source: Source,
}

impl Init {
    /// A crate in `dir` (which must not exist or be empty) for the API `api`
    /// (snake_case: its spec folder and Rust module).
    pub fn new(dir: impl Into<PathBuf>, api: impl Into<String>) -> Init {
        Init { dir: dir.into(), api: api.into(), package: None, source: Source::default_for_this_build() }
    }

    /// The package name (default: the folder's name).
    pub fn package(mut self, name: impl Into<String>) -> Init {
        self.package = Some(name.into());
        self
    }

    /// Where `specgen` and `specgen-runtime` come from.
    pub fn source(mut self, source: Source) -> Init {
        self.source = source;
        self
    }

    /// Writes the crate; returns the files written, relative to the folder.
    pub fn run(mut self) -> Result<Vec<String>, InitError> {
        let package = match &self.package {
            Some(name) => name.clone(),
            None => self.dir.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| {
                InitError::BadName(format!("{} has no folder name to name the package", self.dir.display()))
            })?,
        };
        check_package_name(&package)?;
        check_api_name(&self.api)?;
        if self.dir.exists() {
            let mut entries = std::fs::read_dir(&self.dir)?;
            if entries.next().is_some() {
                return Err(InitError::NotEmpty(self.dir));
            }
        }
        std::fs::create_dir_all(&self.dir)?;
        let checkout = match &self.source {
            Source::Path(root) => Some(root.clone()),
            _ => None,
        };
        self.source = self.source.relative_to(&self.dir);
        let files = self.files(&package);
        for (path, contents) in &files {
            let path = self.dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, contents)?;
        }
        // With the manifest, as the crate's build script runs it: the same
        // fingerprint, so the first build finds the output fresh.
        let report = Generator::new(self.dir.join("spec"))
            .crate_name(&package)
            .manifest(self.dir.join("Cargo.toml"))
            .generate(self.dir.join("generated"))
            .map_err(InitError::Generate)?;
        let mut written: Vec<String> = files.into_iter().map(|(path, _)| path).collect();
        written.extend(report.written.iter().map(|p| format!("generated/{p}")));
        // The versions the checkout's own workspace is built and tested
        // with; cargo drops what the new crate does not use on its first build.
        if let Some(lock) = checkout.map(|root| root.join("Cargo.lock")).filter(|l| l.is_file()) {
            std::fs::copy(lock, self.dir.join("Cargo.lock"))?;
            written.push("Cargo.lock".to_owned());
        }
        Ok(written)
    }

    fn files(&self, package: &str) -> Vec<(String, String)> {
        let api = &self.api;
        let krate = package.replace('-', "_");
        let feature = api.replace('_', "-");
        let title = api.to_title_case();
        vec![
            ("Cargo.toml".into(), cargo_toml(package, &feature, &self.source)),
            ("build.rs".into(), BUILD_RS.into()),
            (".gitignore".into(), "/target\n".into()),
            (format!("spec/{}", schema::FILE_NAME), schema::schema_json()),
            (format!("spec/{api}/api.yaml"), format!("{}\n{}", schema::MODELINE, api_yaml(api, &title, &feature))),
            (format!("spec/{api}/items.yaml"), format!("{}\n{ITEMS_YAML}", schema::MODELINE)),
            // A test target named as the library would shadow it.
            (if krate == "api" { "tests/api_test.rs" } else { "tests/api.rs" }.into(), test_rs(&krate, api)),
            ("README.md".into(), readme(package, api, &title)),
        ]
    }
}

/// Cargo's rule for package names, plus what makes a usable crate name.
fn check_package_name(name: &str) -> Result<(), InitError> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(InitError::BadName(format!(
            "`{name}` cannot name a package: use ASCII letters, digits, `-` and `_`, starting with a letter \
             (or give one with --name)"
        )));
    }
    if !is_rust_ident(&name.replace('-', "_")) {
        return Err(InitError::BadName(format!("`{name}` is a Rust keyword and cannot name a crate")));
    }
    Ok(())
}

/// An API name follows the rule validation applies to `api:`.
fn check_api_name(name: &str) -> Result<(), InitError> {
    match crate::validate::api_name_problem(name) {
        None => Ok(()),
        Some((message, hint)) => Err(InitError::BadName(format!("`{name}` cannot name an API: {message}; {hint}"))),
    }
}

fn cargo_toml(package: &str, feature: &str, source: &Source) -> String {
    format!(
        r#"[package]
name = {name}
version = "0.1.0"
edition = "2021"
build = "build.rs"

[lib]
# The client is generated from spec/ into generated/ (never edited by hand).
path = "generated/lib.rs"

[features]
default = ["regenerate", {feature}]
# Regenerates generated/ from spec/ during `cargo build`, only while this crate
# is being developed. Its users may turn it off (`default-features = false`,
# then enable {feature}) to skip compiling the generator.
regenerate = ["dep:specgen"]
# The API's module, and one feature per group of operations that compiles
# that group alone (the build declares a new group's feature here).
{bare_feature} = []
{group_feature} = []
# Typed mock servers (`<api>::mock::MockServer`) for the tests of code that
# uses this client.
mock = ["specgen-runtime/mock"]

[dependencies]
specgen-runtime = {runtime}
serde = {{ version = "1", features = ["derive"] }}

[build-dependencies]
specgen = {generator_optional}

[dev-dependencies]
# The typed mocks, for this crate's own tests.
specgen-runtime = {runtime_mock}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
wiremock = "0.6"
serde_json = "1"
"#,
        name = toml_string(package),
        feature = toml_string(feature),
        bare_feature = feature,
        group_feature = crate::model::group_feature(feature, "items"),
        runtime = source.dependency("runtime", ""),
        runtime_mock = source.dependency("runtime", r#", features = ["mock"]"#),
        generator_optional = source.dependency("generator", ", optional = true"),
    )
}

const BUILD_RS: &str = r#"//! Regenerates generated/ from spec/ when the spec changes: only changed files
//! are written, and never while this crate is built as another crate's dependency.

fn main() {
    #[cfg(feature = "regenerate")]
    specgen::Generator::new("spec").build_script("generated");
}
"#;

fn api_yaml(api: &str, title: &str, feature: &str) -> String {
    format!(
        r#"# What every operation of the API shares. Groups of operations are the other
# YAML files of this folder; each becomes a module of the client.
api: {api}
title: {title}
doc: The {title} API.
feature: {feature}
servers:
  default: https://api.example.com/v1
auth:
  # Each request sends `Authorization: Bearer <token>`.
  prefix: Bearer
error_body:
  # Where an error response's code and message are: {{"code": "...", "message": "..."}}.
  code_type: string
errors:
  401: The token is missing or expired.
"#
    )
}

const ITEMS_YAML: &str = r#"# One group of operations: the module `items` of the client.
doc: Items.
types:
  Item:
    doc: An item.
    fields:
      id: { type: string, required: true, doc: The item's ID., example: it_42 }
      name: { type: string, required: true, doc: The item's name., example: First item }
      tags: { type: array, items: string, doc: Labels of the item. }
  ItemPage:
    doc: A page of items.
    fields:
      items: { type: array, items: Item, required: true, doc: The items of this page. }
      next_page_token: { type: string, doc: The next page's token; absent on the last page. }
operations:
  get_item:
    summary: Get an item
    method: GET
    path: /items/{item_id}
    path_params:
      item_id: { type: string, doc: The item's ID., example: it_42 }
    responses:
      200: { doc: The item., body: Item }
    errors:
      404:
        not_found: No item has this ID.
  list_items:
    summary: List items
    method: GET
    path: /items
    query:
      page_token: { type: string, doc: The page to fetch; the first when absent. }
    responses:
      200: { doc: A page of items., body: ItemPage }
    # `into_stream()` follows the tokens: every item of every page.
    pagination: { token_param: page_token, token_field: next_page_token, items: items }
"#;

fn test_rs(krate: &str, api: &str) -> String {
    let rust = crate::ident::module_path(api);
    format!(
        r#"//! Calls the example operation against a local server.

use {krate}::runtime::{{Error, TryStreamExt}};
use {krate}::{rust}::{{items::GetItemError, mock, types::{{Item, ItemPage}}, Client, Server}};
use wiremock::matchers::{{header, method, path}};
use wiremock::{{Mock, MockServer, ResponseTemplate}};

/// A client of the API that talks to `server` instead of the API's own.
fn client(server: &MockServer) -> Client {{
    Client::builder()
        .token("test-token")
        .server_url(Server::Default, server.uri())
        .build()
        .expect("a client")
}}

#[tokio::test]
async fn get_item_returns_the_item() {{
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/it_42"))
        .and(header("authorization", "Bearer test-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({{"id": "it_42", "name": "First item"}})))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server).get_item("it_42").send().await.expect("the item");
    assert_eq!(item.id, "it_42");
    assert_eq!(item.name, "First item");
    assert_eq!(item.tags, None);
}}

#[tokio::test]
async fn a_documented_error_is_its_own_variant() {{
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/nope"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({{"code": "not_found", "message": "No such item"}})),
        )
        .mount(&server)
        .await;

    match client(&server).get_item("nope").send().await {{
        Err(Error::Api(GetItemError::NotFound(e))) => assert_eq!(e.message.as_deref(), Some("No such item")),
        other => panic!("expected GetItemError::NotFound, got {{other:?}}"),
    }}
}}

/// How a user of the client tests their own code: the typed mock answers
/// with values and error variants, and gives a client pointed at it.
#[tokio::test]
async fn the_typed_mock_answers_with_values_and_errors() {{
    let mock = mock::MockServer::start().await;
    let item = Item {{ id: "it_42".into(), name: "First item".into(), tags: Some(vec!["new".into()]) }};
    mock.get_item("it_42").returns(item.clone()).times(1).await;
    mock.get_item("nope").fails(GetItemError::NotFound(Default::default())).await;

    let client = mock.client().expect("a client");
    assert_eq!(client.get_item("it_42").send().await.expect("the item"), item);
    assert!(matches!(client.get_item("nope").send().await, Err(Error::Api(GetItemError::NotFound(_)))));
}}

/// A listing read whole: the mock answers each page to the request the client
/// makes from the one before.
#[tokio::test]
async fn a_listing_reads_every_page() {{
    let mock = mock::MockServer::start().await;
    let item = |id: &str| Item {{ id: id.into(), name: "An item".into(), tags: None }};
    let page = |ids: &[&str]| ItemPage {{ items: ids.iter().map(|id| item(id)).collect(), next_page_token: None }};
    mock.list_items().pages([page(&["it_1", "it_2"]), page(&["it_3"])]).times(1).await;

    let client = mock.client().expect("a client");
    let items: Vec<Item> = client.list_items().into_stream().try_collect().await.expect("every item");
    assert_eq!(items, [item("it_1"), item("it_2"), item("it_3")]);
}}
"#
    )
}

fn readme(package: &str, api: &str, title: &str) -> String {
    format!(
        r#"# {package}

A typed async Rust client for the {title} API, generated by `specgen` from the
YAML in `spec/{api}/`.

```sh
cargo build   # regenerates generated/ from spec/ (only changed files), then builds
cargo test    # calls the operations against a local server
```

Tests of code that uses this client can answer its calls with the typed mock
(`{api}::mock::MockServer`, feature `mock`): `mock.get_item("it_42").returns(item)`,
`.fails(GetItemError::NotFound(Default::default()))`, `mock.client()`.

- `spec/{api}/api.yaml`: what every operation shares (servers, auth, error body, common errors).
- `spec/{api}/items.yaml`: a group of operations and its types; add groups as more files.
- `generated/`: the client (`lib.rs`, module `{api}`), `docs/` (a page per operation) and
  `openapi/` (an OpenAPI document). Never edit it: edit the spec and build.

`specgen check spec` lists every problem of a spec with its file and line. Each
spec file names `spec/specgen.schema.json` in its first line, so an editor with
the YAML language server completes keys and flags unknown ones as you type.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(check_package_name("my-client").is_ok());
        assert!(check_package_name("my_client2").is_ok());
        assert!(check_package_name("2client").is_err());
        assert!(check_package_name("my client").is_err());
        assert!(check_package_name("fn").is_err());
        assert!(check_api_name("shop_api").is_ok());
        assert!(check_api_name("ShopApi").is_err());
        assert!(check_api_name("shop-api").is_err());
        // A keyword is a name too: Rust code names the module `r#type`.
        assert!(check_api_name("type").is_ok());
        assert!(check_api_name("self").is_err());
        assert!(check_api_name("").is_err());
        // A name the generated crate uses itself is refused before anything is written.
        assert!(check_api_name("runtime").is_err());
    }

    #[test]
    fn toml_strings_read_back_as_written() {
        for text in [r#"C:\a "b""#, "a\nb", "plain", "it's"] {
            let doc: toml_edit::DocumentMut = format!("k = {}", toml_string(text)).parse().unwrap();
            assert_eq!(doc["k"].as_str(), Some(text));
        }
    }

    #[test]
    fn a_non_empty_folder_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = Init::new(dir.path(), "demo").package("demo").run().unwrap_err();
        assert!(matches!(err, InitError::NotEmpty(_)), "{err}");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["notes.txt"]);
        assert_eq!(std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn the_example_spec_checks_and_generates() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("shop");
        let written = Init::new(&out, "shop_api").run().unwrap();
        for expected in [
            "Cargo.toml",
            "build.rs",
            "spec/shop_api/api.yaml",
            "spec/shop_api/items.yaml",
            "tests/api.rs",
            "README.md",
            "generated/lib.rs",
            "generated/shop_api/items.rs",
        ] {
            assert!(written.iter().any(|w| w == expected), "{expected} in {written:?}");
            assert!(out.join(expected).is_file(), "{expected}");
        }
        let cargo = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(cargo.contains("name = \"shop\"") && cargo.contains("shop-api = []"), "{cargo}");
        // The output is that of the crate's own build script (which names
        // the manifest): up to date.
        let build_script = Generator::new(out.join("spec")).crate_name("shop").manifest(out.join("Cargo.toml"));
        assert!(build_script.is_fresh(out.join("generated")));
    }
}
