//! Servers: the URL each document or operation is served from, its
//! variables, and the origin of a relative URL or a scheme-only one, which
//! the caller supplies.

use super::*;

impl<'d> Converter<'d> {
    /// The server of document `d`: the first of its `servers`, named
    /// `default` for the first document and after the document otherwise.
    pub(super) fn document_server(&mut self, d: usize) -> Result<String, ImportError> {
        let docs = self.docs;
        let listed = docs.doc(d).value.get("servers").and_then(Value::as_array).and_then(|s| s.first());
        // No servers means `/`, relative to where the document is served.
        let root = serde_json::json!({ "url": "/" });
        let server = listed.unwrap_or(&root);
        let name = if self.servers.is_empty() {
            "default".to_owned()
        } else {
            snake(&docs.doc(d).path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default())
        };
        self.server(server, &name, None)
    }

    /// Registers a server object under `name` (or finds the same URL): a
    /// document's, or with `op` the operation's of that name.
    pub(super) fn server(&mut self, server: &Value, name: &str, op: Option<&str>) -> Result<String, ImportError> {
        let given = server.get("url").and_then(Value::as_str).unwrap_or("").trim();
        if let Some(op) = op.filter(|_| is_scheme_only(given)) {
            return Ok(self.caller_server(given, op));
        }
        let mut url = given.trim_end_matches('/').to_owned();
        // A variable for the scheme (`{scheme}://host`): the format's server
        // variables are parts of a URL after its scheme, so HTTPS is taken
        // when the variable allows it, else its default.
        let scheme_var = url.strip_prefix('{').and_then(|rest| rest.split_once("}://")).map(|(v, _)| v.to_owned());
        let scheme = scheme_var.as_ref().map(|var| {
            let v = server.get("variables").and_then(|vars| vars.get(var));
            let allows_https = v
                .and_then(|v| v.get("enum"))
                .and_then(Value::as_array)
                .is_some_and(|values| values.iter().any(|x| x.as_str() == Some("https")));
            let default = v.and_then(|v| v.get("default")).and_then(Value::as_str).unwrap_or("https");
            let scheme = if allows_https { "https" } else { default }.to_owned();
            url = url.replacen(&format!("{{{var}}}"), &scheme, 1);
            scheme
        });
        if !url.starts_with("https://") && !url.starts_with("http://") && !url.starts_with('{') {
            // A relative URL (`/api/v3`, or none at all) is relative to the host serving the API.
            // Without `--server`, the origin is a server variable the caller sets.
            let base = match &self.base_url {
                Some(base) => base.clone(),
                None => format!("{{{}}}", self.origin_variable(&url, op)),
            };
            url = format!("{}/{}", base.trim_end_matches('/'), url.trim_start_matches('/'))
                .trim_end_matches('/')
                .to_owned();
        }
        if let Some((existing, _)) = self.servers.iter().find(|(_, u)| **u == url) {
            return Ok(existing.clone());
        }
        // Noted once per server, not once per document or operation naming it.
        if let (Some(var), Some(scheme)) = (&scheme_var, &scheme) {
            let what = format!(
                "the server variable `{var}` chooses the URL's scheme, which the format fixes: `{scheme}` was taken"
            );
            let note = self.note_in("api.yaml", "servers", what);
            self.api_notes.push(("servers", note));
        }
        for (var, v) in server.get("variables").and_then(Value::as_object).into_iter().flatten() {
            if self.variables.contains_key(var) || scheme_var.as_ref() == Some(var) {
                continue;
            }
            // A variable its URL does not name substitutes nothing.
            if !url.contains(&format!("{{{var}}}")) {
                let what = format!("the server variable `{var}`, which the URL `{url}` does not use: left out");
                let note = self.note_in("api.yaml", "servers", what);
                self.api_notes.push(("servers", note));
                continue;
            }
            let mut default = v.get("default").and_then(Value::as_str).unwrap_or("").to_owned();
            // A variable that begins the URL gives its scheme too.
            let http = |d: &str| d.starts_with("https://") || d.starts_with("http://");
            if url.starts_with(&format!("{{{var}}}")) && !http(&default) {
                let what = format!(
                    "the default of the server variable `{var}` (`{default}`) begins the URL but has no scheme: \
                     `https://` was put before it"
                );
                let note = self.note_in("api.yaml", "servers", what);
                self.api_notes.push(("servers", note));
                default = format!("https://{default}");
            }
            let mut map = Map::new();
            map.str("default", default);
            map.str("doc", text(v, "description").unwrap_or_else(|| format!("The server's `{var}`.")));
            // Known values: OpenAPI's `enum`, or this tool's export's
            // `x-known-values` (the caller may set others).
            let listed = v.get("enum").or_else(|| v.get("x-known-values")).and_then(Value::as_array);
            let values: Vec<String> = listed.into_iter().flatten().filter_map(scalar_string).collect();
            if !values.is_empty() {
                map.insert("values", Node::List(values));
            }
            self.variables.insert(var.clone(), map);
        }
        // A variable the URL names but the server does not declare: one the
        // caller sets; at the start of the URL its default names a host
        // that never resolves, so a call made without it fails clearly.
        for var in placeholders(&url).unwrap_or_default() {
            if self.variables.contains_key(&var) {
                continue;
            }
            let starts = url.starts_with(&format!("{{{var}}}"));
            let default =
                if starts { format!("https://{}.invalid", snake(&var).replace('_', "-")) } else { String::new() };
            let mut map = Map::new();
            map.str("default", default);
            map.str("doc", format!("The server's `{var}`, which the caller sets (the document does not declare it)."));
            self.variables.insert(var.clone(), map);
            let what = format!(
                "the server URL `{url}` names the variable `{var}`, which it does not declare: the caller sets it"
            );
            let note = self.note_in("api.yaml", "servers", what);
            self.api_notes.push(("servers", note));
        }
        // The name an export gave it, else the one the document's place gives.
        let own = server.get("x-server-name").and_then(Value::as_str).filter(|n| !n.is_empty() && snake(n) == **n);
        let base = match own {
            Some(own) => own,
            None if name.is_empty() => "server",
            None => name,
        };
        let mut name = base.to_owned();
        let mut n = 2;
        // Server names become enum variants, so they must differ in CamelCase.
        while self.servers.keys().any(|k| camel(k) == camel(&name)) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.servers.insert(name.clone(), url);
        Ok(name)
    }

    /// The server variable that stands for the origin (scheme and host) of a
    /// relative server URL (`/api/v3`, or none) when no `--server` gives it:
    /// one the caller sets, whose default names a host that never resolves
    /// (`.invalid`), so a call made without it fails clearly. Declared once.
    pub(super) fn origin_variable(&mut self, relative: &str, op: Option<&str>) -> String {
        const ORIGIN: &str = "origin";
        if self.variables.get(ORIGIN).is_some_and(|v| v.get("default").and_then(Node::text) == Some(ORIGIN_DEFAULT)) {
            return ORIGIN.to_owned();
        }
        let mut var = ORIGIN.to_owned();
        let mut n = 2;
        while self.variables.contains_key(&var) {
            var = format!("{ORIGIN}_{n}");
            n += 1;
        }
        let mut map = Map::new();
        map.str("default", ORIGIN_DEFAULT);
        map.str(
            "doc",
            "The origin the API is served from (`https://api.example.com`), which the caller sets: the document \
             gives its server URL relative to it.",
        );
        self.variables.insert(var.clone(), map);
        let what =
            if relative.is_empty() { "no server URL".to_owned() } else { format!("the server URL `{relative}`") };
        let whose = op.map_or_else(|| "the document".to_owned(), |op| format!("the operation `{op}`"));
        let note = format!(
            "{whose} gives {what}, relative to where the API is served: its origin is the server variable `{var}`, \
             which the caller sets (or import with --server)"
        );
        let note = self.note_in("api.yaml", "servers", note);
        self.api_notes.push(("servers", note));
        var
    }

    /// The server of an operation whose document gives only a scheme
    /// (`https://`: a presigned upload URL, known at run time): a server
    /// variable the caller sets. Its default names a host that never
    /// resolves (`.invalid`), so a call made without it fails clearly.
    pub(super) fn caller_server(&mut self, given: &str, op: &str) -> String {
        let var = format!("{op}_url");
        let mut map = Map::new();
        map.str("default", format!("https://{}.invalid", op.replace('_', "-")));
        map.str(
            "doc",
            format!(
                "The base URL of `{op}`, which the caller supplies: the document gives only `{given}` (a URL known at \
                 run time, such as a presigned upload URL)."
            ),
        );
        self.variables.insert(var.clone(), map);
        let what = format!(
            "the operation's server is `{given}`, only a scheme: its base URL is the server variable `{var}`, which \
             the caller sets"
        );
        let note = self.note(op, what);
        self.op_server_notes.push(note);
        let mut name = op.to_owned();
        let mut n = 2;
        while self.servers.keys().any(|k| camel(k) == camel(&name)) {
            name = format!("{op}_{n}");
            n += 1;
        }
        self.servers.insert(name.clone(), format!("{{{var}}}"));
        name
    }
}

/// Whether a server URL is a scheme and nothing more (`https://`).
pub(super) fn is_scheme_only(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic()) && rest.trim_matches('/').is_empty()
    })
}

/// The default of the origin variable of a relative server URL: a host that
/// never resolves.
pub(super) const ORIGIN_DEFAULT: &str = "https://origin.invalid";
