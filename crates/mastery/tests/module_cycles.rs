//! No module cycles. In every crate of the workspace, modules side by side (a crate's top-level
//! modules, or the children of one module) depend on one another one way only: when `a` uses `b`,
//! nothing `b` uses leads back to `a`. A cycle means neither can be read, tested or moved without
//! the other; the piece both need belongs below both.
//!
//! The check reads the sources instead of compiling them. From each crate's root it follows the
//! `mod` declarations (inline modules included) and records every path that starts with `crate`,
//! `super` or `self`, in `use` declarations and in code, resolved to the module that defines its
//! item, through the re-exports on the way (`crate::AppError` is `crate::error`'s). A path from
//! `crate::a::x` to `crate::b::y` is the edge `a → b` among the children of `crate`; a path to a
//! module's own ancestor or descendant is no edge, since a child may use what its parent holds.
//! Comments and string literals are skipped; test modules count like any other.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[test]
fn no_crate_of_the_workspace_has_a_module_cycle() {
    let crates_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut names: Vec<String> = std::fs::read_dir(&crates_dir)
        .expect("the crates directory")
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .filter(|name| root_file(&crates_dir.join(name).join("src"), &on_disk).is_some())
        .collect();
    names.sort();
    for listed in ["mastery-domain", "mastery-app", "mastery-web", "mastery"] {
        assert!(names.iter().any(|n| n == listed), "{listed} not found among {names:?}");
    }
    let mut report = String::new();
    for name in &names {
        let krate = Crate::load(&crates_dir.join(name).join("src"), &on_disk);
        let edges = krate.edges();
        // A reader that found nothing would pass every crate: make sure this one read something.
        assert!(krate.modules.len() > 3 && !edges.is_empty(), "{name}: read {} modules", krate.modules.len());
        for cycle in cycles(&edges) {
            writeln!(report, "{name}: {}", cycle.describe(&crates_dir)).unwrap();
        }
    }
    assert!(report.is_empty(), "module cycles (move what both sides need below both):\n{report}");
}

fn on_disk(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// A module's place below its crate root: `["pages", "today"]` is `crate::pages::today`.
type ModPath = Vec<String>;

fn root_file(src: &Path, read: &dyn Fn(&Path) -> Option<String>) -> Option<(PathBuf, String)> {
    ["lib.rs", "main.rs"].into_iter().map(|f| src.join(f)).find_map(|p| read(&p).map(|text| (p, text)))
}

// ---------------------------------------------------------------------------------------------
// Reading Rust: tokens without comments, strings or characters.

#[derive(Debug, Clone)]
struct Token {
    /// An identifier or keyword, `::`, or one punctuation character.
    text: String,
    line: usize,
}

fn lex(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let (mut tokens, mut line, mut i) = (Vec::new(), 1, 0);
    // Skips a quoted literal opened at `i` (on its quote), counting its lines.
    let skip_quoted = |i: &mut usize, line: &mut usize, quote: char| {
        *i += 1;
        while *i < c.len() && c[*i] != quote {
            if c[*i] == '\\' {
                *i += 1;
            }
            if at(*i) == '\n' {
                *line += 1;
            }
            *i += 1;
        }
        *i += 1;
    };
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if i >= c.len() {
                    break;
                } else if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if ch == '"' {
            skip_quoted(&mut i, &mut line, '"');
        } else if ch == '\'' {
            if at(i + 1) == '\\' || at(i + 2) == '\'' {
                skip_quoted(&mut i, &mut line, '\'');
            } else {
                i += 1; // a lifetime: its name lexes as an identifier, which is harmless
            }
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let prefix = matches!(word.as_str(), "r" | "b" | "br" | "c" | "cr");
            if prefix && (at(i) == '#' || at(i) == '"') && word.contains('r') {
                let hashes = c[i..].iter().take_while(|&&h| h == '#').count();
                if at(i + hashes) == '"' {
                    // A raw string: up to a quote followed by as many hashes.
                    i += hashes + 1;
                    while i < c.len()
                        && !(c[i] == '"' && c[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes)
                    {
                        line += usize::from(c[i] == '\n');
                        i += 1;
                    }
                    i += 1 + hashes;
                } else {
                    i += 1; // a raw identifier, `r#type`: lex the word after the hash
                }
            } else if prefix && at(i) == '"' {
                skip_quoted(&mut i, &mut line, '"');
            } else if word == "b" && at(i) == '\'' {
                skip_quoted(&mut i, &mut line, '\'');
            } else {
                tokens.push(Token { text: word, line });
            }
        } else if ch == ':' && at(i + 1) == ':' {
            tokens.push(Token { text: "::".into(), line });
            i += 2;
        } else {
            tokens.push(Token { text: ch.to_string(), line });
            i += 1;
        }
    }
    tokens
}

fn is_ident(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// A name brought in by `use`: `use a::b as c;` is `c` for the path `a::b`; a glob has no name.
#[derive(Debug, Clone)]
struct Import {
    name: Option<String>,
    path: Vec<String>,
}

/// A path starting with `crate`, `super` or `self`, where it was written.
#[derive(Debug, Clone)]
struct Reference {
    from: ModPath,
    path: Vec<String>,
    file: PathBuf,
    line: usize,
}

#[derive(Debug, Default)]
struct Module {
    imports: Vec<Import>,
    /// Names of the items defined in it, to resolve a name found through a glob re-export.
    items: BTreeSet<String>,
}

/// What one file says: its modules (inline ones too), the files it declares, its references.
#[derive(Debug, Default)]
struct FileFacts {
    modules: BTreeMap<ModPath, Module>,
    declared: Vec<ModPath>,
    references: Vec<Reference>,
}

fn read_file(file: &Path, text: &str, module: &ModPath) -> FileFacts {
    let t = lex(text);
    let text_at = |i: usize| t.get(i).map_or("", |tok| tok.text.as_str());
    let mut facts = FileFacts::default();
    facts.modules.insert(module.clone(), Module::default());
    // The inline modules open at this point, with the brace depth each closes at.
    let mut open: Vec<(ModPath, usize)> = vec![(module.clone(), 0)];
    let (mut depth, mut i) = (0, 0);
    while i < t.len() {
        let current = open.last().expect("the file's module").0.clone();
        let word = text_at(i);
        match word {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if open.len() > 1 && open.last().is_some_and(|(_, d)| *d == depth) {
                    open.pop();
                }
            }
            "mod" if is_ident(text_at(i + 1)) => {
                let mut path = current.clone();
                path.push(text_at(i + 1).to_owned());
                if text_at(i + 2) == "{" {
                    facts.modules.insert(path.clone(), Module::default());
                    open.push((path, depth));
                    depth += 1;
                    i += 3;
                    continue;
                } else if text_at(i + 2) == ";" {
                    facts.declared.push(path);
                }
            }
            "struct" | "enum" | "union" | "trait" | "type" | "fn" | "const" | "static" if is_ident(text_at(i + 1)) => {
                facts.modules.get_mut(&current).unwrap().items.insert(text_at(i + 1).to_owned());
            }
            // A use declaration (`use<'a>` in a return type is a bound, not one).
            "use" if text_at(i + 1) != "<" => {
                let mut trees = Vec::new();
                let line = t[i].line;
                i += 1;
                use_tree(&t, &mut i, &[], &mut trees);
                for import in trees {
                    if matches!(import.path.first().map(String::as_str), Some("crate" | "super" | "self")) {
                        let path = import.path.clone();
                        facts.references.push(Reference { from: current.clone(), path, file: file.into(), line });
                    }
                    facts.modules.get_mut(&current).unwrap().imports.push(import);
                }
                continue;
            }
            "crate" | "super" | "self"
                if text_at(i + 1) == "::" && !matches!(text_at(i.wrapping_sub(1)), "::" | "$") =>
            {
                let (line, mut path) = (t[i].line, vec![word.to_owned()]);
                while text_at(i + 1) == "::" && is_ident(text_at(i + 2)) {
                    path.push(text_at(i + 2).to_owned());
                    i += 2;
                }
                facts.references.push(Reference { from: current, path, file: file.into(), line });
            }
            _ => {}
        }
        i += 1;
    }
    facts
}

/// Reads one use tree from `t[*i]` on, up to and past its `;` or the `,`/`}` ending a branch.
fn use_tree(t: &[Token], i: &mut usize, prefix: &[String], out: &mut Vec<Import>) {
    let text_at = |i: usize| t.get(i).map_or("", |tok| tok.text.as_str());
    let mut path = prefix.to_vec();
    if text_at(*i) == "::" {
        *i += 1;
    }
    loop {
        match text_at(*i) {
            "{" => {
                *i += 1;
                while !matches!(text_at(*i), "}" | "") {
                    let before = *i;
                    use_tree(t, i, &path, out);
                    // Past a comma, or past whatever this reader does not know (never stuck).
                    if text_at(*i) == "," || *i == before {
                        *i += 1;
                    }
                }
                *i += 1;
                break;
            }
            "*" => {
                *i += 1;
                out.push(Import { name: None, path });
                break;
            }
            word if is_ident(word) => {
                *i += 1;
                if word != "self" || path.is_empty() {
                    path.push(word.to_owned());
                }
                if text_at(*i) == "::" {
                    *i += 1;
                    continue;
                }
                let mut name = path.last().cloned();
                if text_at(*i) == "as" {
                    name = Some(text_at(*i + 1).to_owned()).filter(|n| n != "_");
                    *i += 2;
                }
                out.push(Import { name, path });
                break;
            }
            _ => break,
        }
    }
    if prefix.is_empty() && text_at(*i) == ";" {
        *i += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// A crate: its modules, and where its paths lead.

#[derive(Debug)]
struct Crate {
    modules: BTreeMap<ModPath, Module>,
    references: Vec<Reference>,
}

/// One module's use of a sibling: `from → to` among the children of `scope`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    scope: ModPath,
    from: String,
    to: String,
}

/// Edges with the places that make them, by scope.
type Edges = BTreeMap<Edge, Vec<Reference>>;

impl Crate {
    fn load(src: &Path, read: &dyn Fn(&Path) -> Option<String>) -> Crate {
        let (root, text) = root_file(src, read).unwrap_or_else(|| panic!("no lib.rs or main.rs in {}", src.display()));
        let mut krate = Crate { modules: BTreeMap::new(), references: Vec::new() };
        // Each file with its module path and the directory its declared modules live in.
        let mut queue = VecDeque::from([(root, text, ModPath::new(), src.to_owned())]);
        while let Some((file, text, module, dir)) = queue.pop_front() {
            let facts = read_file(&file, &text, &module);
            for declared in facts.declared {
                // Inline modules between the file's and the declared one add to the directory.
                let mut child_dir = dir.clone();
                child_dir.extend(&declared[module.len()..]);
                let name = child_dir.file_name().unwrap().to_owned();
                let candidates = [child_dir.with_extension("rs"), child_dir.join("mod.rs")];
                let (path, text) = candidates
                    .into_iter()
                    .find_map(|p| read(&p).map(|text| (p, text)))
                    .unwrap_or_else(|| panic!("{}: no file for module {name:?}", file.display()));
                queue.push_back((path, text, declared, child_dir));
            }
            krate.modules.extend(facts.modules);
            krate.references.extend(facts.references);
        }
        krate
    }

    /// The module defining what `path` names, seen from `from`.
    fn resolve(&self, from: &ModPath, path: &[String]) -> ModPath {
        self.resolve_once(from, path, &mut BTreeSet::new())
    }

    /// As `resolve`, looking each name up at most once in each module (`seen`), so that globs
    /// importing one another (`use super::*` in a test module) end.
    fn resolve_once(&self, from: &ModPath, path: &[String], seen: &mut BTreeSet<(ModPath, String)>) -> ModPath {
        let (mut module, rest) = match path.first().map(String::as_str) {
            Some("crate") => (ModPath::new(), &path[1..]),
            Some("super" | "self") => {
                let mut module = from.clone();
                let relative = path.iter().take_while(|s| *s == "super" || *s == "self").collect::<Vec<_>>();
                for segment in &relative {
                    if *segment == "super" {
                        module.pop();
                    }
                }
                (module, &path[relative.len()..])
            }
            // Relative to `from`: a child module of it, or another crate (then it is no edge).
            Some(first) if self.modules.contains_key(&child(from, first)) => (from.clone(), path),
            _ => return from.clone(),
        };
        for segment in rest {
            let next = child(&module, segment);
            if self.modules.contains_key(&next) {
                module = next;
                continue;
            }
            if let Some(found) = self.through_imports(&module, segment, seen) {
                return found;
            }
            break;
        }
        module
    }

    /// Where a name that `module` imports (and may re-export) is defined.
    fn through_imports(&self, module: &ModPath, name: &str, seen: &mut BTreeSet<(ModPath, String)>) -> Option<ModPath> {
        if !seen.insert((module.clone(), name.to_owned())) {
            return None;
        }
        let imports = &self.modules.get(module)?.imports;
        if let Some(import) = imports.iter().find(|i| i.name.as_deref() == Some(name)) {
            return Some(self.resolve_once(module, &import.path, seen));
        }
        imports.iter().filter(|i| i.name.is_none()).find_map(|glob| {
            let target = self.resolve_once(module, &glob.path, seen);
            if self.modules.get(&target).is_some_and(|m| m.items.contains(name)) {
                Some(target)
            } else {
                self.through_imports(&target, name, seen)
            }
        })
    }

    fn edges(&self) -> Edges {
        let mut edges = Edges::new();
        for reference in &self.references {
            let to = self.resolve(&reference.from, &reference.path);
            let from = &reference.from;
            let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if shared == from.len() || shared == to.len() {
                continue; // within the module, or up to an ancestor
            }
            let edge = Edge { scope: from[..shared].to_vec(), from: from[shared].clone(), to: to[shared].clone() };
            edges.entry(edge).or_default().push(reference.clone());
        }
        edges
    }
}

fn child(module: &ModPath, name: &str) -> ModPath {
    let mut path = module.clone();
    path.push(name.to_owned());
    path
}

// ---------------------------------------------------------------------------------------------
// Cycles: strongly connected sets of sibling modules.

#[derive(Debug)]
struct Cycle {
    scope: ModPath,
    /// The modules of one cycle through the set, its first repeated at the end.
    path: Vec<String>,
    /// Every edge between the set's members, with the places that make it.
    edges: Vec<(Edge, Vec<Reference>)>,
}

impl Cycle {
    fn describe(&self, root: &Path) -> String {
        let scope = std::iter::once("crate").chain(self.scope.iter().map(String::as_str)).collect::<Vec<_>>();
        let mut text = format!("among the modules of {}: {}", scope.join("::"), self.path.join(" → "));
        for (edge, places) in &self.edges {
            let shown: Vec<String> = places
                .iter()
                .take(3)
                .map(|r| {
                    let file = r.file.strip_prefix(root).unwrap_or(&r.file).display();
                    format!("{file}:{} `{}`", r.line, r.path.join("::"))
                })
                .collect();
            let more = if places.len() > 3 { format!(" and {} more", places.len() - 3) } else { String::new() };
            write!(text, "\n    {} → {}: {}{more}", edge.from, edge.to, shown.join(", ")).unwrap();
        }
        text
    }
}

fn cycles(edges: &Edges) -> Vec<Cycle> {
    let mut by_scope: BTreeMap<&ModPath, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for edge in edges.keys() {
        by_scope.entry(&edge.scope).or_default().entry(&edge.from).or_default().insert(&edge.to);
    }
    let mut found = Vec::new();
    for (scope, graph) in by_scope {
        for set in strongly_connected(&graph).into_iter().filter(|set| set.len() > 1) {
            let start = *set.iter().next().unwrap();
            let path = shortest_cycle(&graph, &set, start);
            let inside = edges
                .iter()
                .filter(|(e, _)| &e.scope == scope && set.contains(e.from.as_str()) && set.contains(e.to.as_str()))
                .map(|(e, places)| (e.clone(), places.clone()))
                .collect();
            found.push(Cycle { scope: scope.clone(), path, edges: inside });
        }
    }
    found
}

/// Tarjan's strongly connected components.
fn strongly_connected<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<BTreeSet<&'a str>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        sets: Vec<BTreeSet<&'a str>>,
    }
    fn visit<'a>(v: &'a str, graph: &BTreeMap<&'a str, BTreeSet<&'a str>>, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for &w in graph.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, graph, s);
                s.low.insert(v, s.low[v].min(s.low[w]));
            } else if s.stack.contains(&w) {
                s.low.insert(v, s.low[v].min(s.index[w]));
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                set.insert(w);
                if w == v {
                    break;
                }
            }
            s.sets.push(set);
        }
    }
    let mut state = State { index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), sets: Vec::new() };
    for &v in graph.keys() {
        if !state.index.contains_key(v) {
            visit(v, graph, &mut state);
        }
    }
    state.sets
}

/// The shortest way from `start` back to it, inside `set`.
fn shortest_cycle(graph: &BTreeMap<&str, BTreeSet<&str>>, set: &BTreeSet<&str>, start: &str) -> Vec<String> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in graph.get(v).into_iter().flatten().filter(|w| set.contains(*w)) {
            if w == start {
                let mut path = vec![start.to_owned(), v.to_owned()];
                let mut at = v;
                while at != start {
                    at = came_from[at];
                    path.push(at.to_owned());
                }
                path.reverse();
                return path;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    unreachable!("a strongly connected set has a cycle through each member")
}

// ---------------------------------------------------------------------------------------------
// The check itself, on made-up crates.

/// The cycles of a crate given as `(file under src, text)` pairs, one line each.
fn cycles_in(files: &[(&str, &str)]) -> Vec<String> {
    let files: BTreeMap<PathBuf, String> =
        files.iter().map(|(name, text)| (Path::new("src").join(name), (*text).to_owned())).collect();
    let krate = Crate::load(Path::new("src"), &|p: &Path| files.get(p).cloned());
    cycles(&krate.edges()).iter().map(|c| c.describe(Path::new("")).lines().next().unwrap().to_owned()).collect()
}

#[test]
fn a_cycle_is_found_and_named() {
    let found = cycles_in(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;"),
        ("a.rs", "use crate::b::B;\npub struct A;"),
        ("b.rs", "pub struct B(crate::c::C);"),
        ("c.rs", "pub struct C(Vec<crate::a::A>);"),
    ]);
    assert_eq!(found, ["among the modules of crate: a → b → c → a"]);
}

#[test]
fn super_paths_groups_inline_modules_and_re_exports_make_edges() {
    let found = cycles_in(&[
        ("lib.rs", "mod error;\nmod pages;\npub use error::Error;"),
        ("error.rs", "use crate::pages::{self, layout::Frame};\npub struct Error;"),
        ("pages/mod.rs", "pub mod layout;\nmod list;\nmod today;\nfn f() -> crate::Error { todo!() }"),
        ("pages/layout.rs", "pub struct Frame;"),
        ("pages/list.rs", "pub struct List;\n#[cfg(test)]\nmod tests {\n    use super::super::today::Today;\n}"),
        ("pages/today.rs", "use super::list as l;\npub struct Today(l::List);"),
    ]);
    assert_eq!(
        found,
        ["among the modules of crate: error → pages → error", "among the modules of crate::pages: list → today → list"]
    );
}

#[test]
fn a_glob_re_export_is_followed_to_its_module() {
    let found = cycles_in(&[
        ("lib.rs", "mod inputs;\nmod views;\npub use inputs::*;"),
        ("inputs.rs", "pub struct NewGoal(crate::views::GoalView);"),
        ("views.rs", "pub struct GoalView;\nfn f(_: crate::NewGoal) {}"),
    ]);
    assert_eq!(found, ["among the modules of crate: inputs → views → inputs"]);
}

#[test]
fn a_child_may_use_its_parent_and_comments_and_strings_say_nothing() {
    let found = cycles_in(&[
        ("lib.rs", "mod a;\nmod b;\npub struct Root;"),
        ("a/mod.rs", "mod inner;\nuse inner::Inner;\npub struct A(crate::b::B);"),
        ("a/inner.rs", "use super::A;\nuse crate::Root;\npub struct Inner;"),
        (
            "b.rs",
            "// use crate::a::A;\n/* crate::a::A /* nested */ crate::a::A */\nconst S: &str = \"crate::a::A\";\nconst R: &str = r#\"crate::a::A\"#;\nconst C: char = '\"';\nfn f<'a>(x: &'a str) -> &'a str { x }\npub struct B;",
        ),
    ]);
    assert!(found.is_empty(), "{found:?}");
}
