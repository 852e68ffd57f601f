#!/usr/bin/env python3
"""Checks that Chirp's documentation still matches the repository, so that docs/ cannot rot silently.

Scans docs/*.md and every README.md in the repository, and the comments of the code and configuration (Java,
shell, YAML, properties, Dockerfiles, k8s manifests, CQL and Lua; the descriptions in Grafana dashboards), and checks:

  link    every relative Markdown link ([text](target), <img src>, [ref]: target) names a file or folder that
          exists inside the repository (http(s)/mailto links are not fetched);
  anchor  every #fragment into a Markdown file matches a heading there, by GitHub's slug rules (lower case,
          punctuation dropped, spaces to hyphens, -1/-2 for repeats) or an explicit <a name|id="...">;
  path    every inline code span that looks like a repository path (contains "/" and ends in .java, .cql, .yml,
          .yaml, .json, .sh, .md or .lua) names an existing file: relative to the repository root, to the
          document's folder, or as the tail of a repository path (so `scripts/token_bucket.lua` in a module's
          README is fine). Spans that start with "/" or hold "://", "<", "{", "*", "$", "…" or spaces are URLs or
          patterns, not paths, and are skipped;
  class   a link whose text is a Java name in backticks, [`TweetFanOut`](…/TweetFanOut.java), must point at the
          file of that class; with a member ([`Outbox.insert`](…) or `Outbox#insert`) the member name must occur in
          that file. In docs/*.md every other backticked UpperCamelCase name (`HomeTimelineIT`,
          `TweetCreated`) must be a class, record, enum or interface declared in the repository's Java sources,
          an alert defined in k8s/ or deploy/prometheus/, or one of the few outside names listed in EXTERNAL_NAMES;
  member  in docs/*.md a backticked lowerCamelCase name of three or more words (a test or method name such as
          `aMissingTimelineIsRebuiltFromCassandraWithTheSameTweets`), or the member in `Class.member`, must occur
          as an identifier in the repository's Java sources;
  schema  a ```cql block whose first line is "-- <path of a .cql file>" must hold only statements that occur in
          that file (comments dropped, white space collapsed), so a copied schema cannot drift from the real one;
  rule    a numbered design rule cited anywhere above ("design rule 3", "rule 4", "rules 1 and 5") must be a row of
          docs/design-rules.md.

In comments (string literals are not comments, so a path a program builds is never taken for a reference):

  ref     a repository file named in prose (docs/06-detailed-design.md, scripts/token_bucket.lua,
          launcher/README.md#anchor, or a bare README.md or TweetPoster.java) must exist: relative to the root, to
          the commenting file's folder, or as the tail of a repository path. Names that start with "/" or follow
          "://", "$", "*", "{" or "<" are absolute, URLs or patterns; build output (target/...) and other bare names
          (Kafka's server.properties) are not the repository's: all are skipped;
  anchor  a #fragment after such a Markdown file must match a heading there, as for links.

Fenced code blocks are ignored. A normal run starts with the self-test (the checker must reject known-bad
references), then prints one line per check ("ok"/"FAIL") and "N passed, N failed"; exits 1 when anything failed.
Standard library only.

  python3 docs/check-docs.py [--quiet] [--root DIR]    check the repository (default: the parent of docs/)
  python3 docs/check-docs.py --self-test               check the checker against a small fixture
"""

import argparse
import os
import re
import sys
import tempfile
import urllib.parse

PATH_SUFFIXES = (".java", ".cql", ".yml", ".yaml", ".json", ".sh", ".md", ".lua")
SKIP_DIRS = {".git", "target", "node_modules", ".chirp", ".tools", ".idea", ".mvn"}

# Backticked UpperCamelCase names in docs/ that are not declared in this repository's sources: library and
# protocol names the prose needs. Keep it short; a name of ours belongs in the sources, not here.
EXTERNAL_NAMES = {
    "SseEmitter", "KafkaTemplate", "SmartLifecycle", "ImageIO", "ImageReader", "OutOfMemoryError", "DefaultErrorHandler",
    "ExponentialBackOff", "CqlSession", "BatchStatement", "JsonNode", "OncePerRequestFilter", "TimeUUID",
    "NetworkTopologyStrategy", "SimpleStrategy", "SizeTieredCompactionStrategy", "GossipingPropertyFileSnitch", "PrometheusRule",
    "ServiceMonitor", "StatefulSet", "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler",
    "NetworkPolicy", "ConfigMap", "SecureRandom", "ThreadLocalRandom", "DriverTimeoutException", "Clock", "Instant", "String", "Long", "Normalizer",
    "NimbusReactiveJwtDecoder", "JwtDecoder", "RestClient", "WebClient", "ReactiveStringRedisTemplate",
    "StringRedisTemplate", "KafkaListener", "RedisScript", "MeterRegistry", "HttpClient", "HttpURLConnection", "MimeHeaders",
    "DefaultBatchStatement",
}

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML_SRC = re.compile(r"<(?:img|a)\s[^>]*(?:src|href)=\"([^\"]+)\"", re.I)
HTML_ANCHOR = re.compile(r"<a\s[^>]*(?:name|id)=\"([^\"]+)\"", re.I)
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
JAVA_NAME = re.compile(r"^([A-Z][A-Za-z0-9_]*)(?:[.#]([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?)?$")
LOWER_CAMEL = re.compile(r"^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*){2,}(?:\(\))?$")
CAMEL = re.compile(r"^[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*(?:[.#][a-z][A-Za-z0-9_]*(?:\(\))?)?$")
DECLARED = re.compile(r"\b(?:class|record|enum|interface)\s+([A-Z][A-Za-z0-9_]*)")
ALERT = re.compile(r"^\s*-?\s*alert:\s*([A-Za-z0-9_]+)", re.M)
RULE_ROW = re.compile(r"^\|\s*(\d+)\s*\|", re.M)
RULE_REF = re.compile(r"\b(?:design\s+)?rules?\s+(#?\d+(?:\s*(?:,|and|or|&)\s*#?\d+)*)", re.I)

# Comments: which files have which, and what in them names a repository file.
JAVA_TOKEN = re.compile(r'"""[\s\S]*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|//[^\n]*|/\*[\s\S]*?\*/')
HASH_COMMENT = re.compile(r"(?:^|(?<=\s))#(.*)$")
DASH_COMMENT = re.compile(r"(?:^|(?<=\s))--(.*)$")
HASH_SUFFIXES = (".sh", ".yml", ".yaml", ".properties", ".env", ".conf", ".options", ".gitignore", ".dockerignore")
NOT_OURS = {"mvnw", "mvnw.cmd"}          # the Maven wrapper's scripts, as Apache ships them
# A bare name with these suffixes is one of ours (README.md, TweetPoster.java); other bare names are usually the
# files of a server or tool (Kafka's server.properties, elasticsearch.yml) and are not checked.
OWN_BARE = (".md", ".java")
JSON_DESCRIPTION = re.compile(r'"description":\s*"((?:\\.|[^"\\])*)"')   # a dashboard's panel text
FILE_REF = re.compile(r"(?<![\w./:$*{}<>~@%=\\-])((?:\.\.?/)*(?:[\w.-]+/)*[\w.-]*\w\.(?:md|java|ya?ml|sh|cql|lua|json|properties|py))"
                      r"(?![\w-]|\.\w)(?:#([\w-]+))?")


# ---- Markdown helpers ------------------------------------------------------------------------------------------

def github_slug(text):
    """GitHub's heading anchor: rendered text, lower case, only letters/digits/_/-/space kept, spaces to hyphens.

    >>> github_slug("6. Detailed design: hybrid fan-out & the celebrity problem")
    '6-detailed-design-hybrid-fan-out--the-celebrity-problem'
    >>> github_slug("The `outbox` table ([code](x.java))")
    'the-outbox-table-code'
    >>> github_slug("**Bold** and _italic_: Ünïcode 日本")
    'bold-and-italic-ünïcode-日本'
    """
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)      # links and images keep their text
    text = re.sub(r"<[^>]+>", "", text)                            # inline HTML
    text = text.replace("`", "")
    text = re.sub(r"(\*\*|__|\*|~~)", "", text)
    text = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", "", text)  # _emphasis_ markers, not snake_case
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def strip_fences(lines):
    """Yields (line number, line) outside fenced code blocks."""
    fenced = None
    for number, line in enumerate(lines, 1):
        m = FENCE.match(line)
        if m:
            if fenced is None:
                fenced = m.group(1)
                continue
            if m.group(1) == fenced:
                fenced = None
                continue
        if fenced is None:
            yield number, line


def anchors_of(path, cache={}):
    """Every anchor a Markdown file offers: heading slugs (with GitHub's -1, -2 for repeats) and HTML anchors."""
    if path in cache:
        return cache[path]
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    seen = {}
    anchors = set()
    previous = None
    for _, line in strip_fences(lines):
        heading = None
        m = ATX.match(line)
        if m:
            heading = m.group(2)
        elif previous and previous.strip() and re.match(r"^\s{0,3}(=+|-+)\s*$", line) \
                and not previous.lstrip().startswith(("|", "-", "*", ">")):
            heading = previous.strip()
        if heading is not None:
            slug = github_slug(heading)
            n = seen.get(slug, 0)
            anchors.add(slug if n == 0 else f"{slug}-{n}")
            seen[slug] = n + 1
        for a in HTML_ANCHOR.findall(line):
            anchors.add(a)
        previous = line
    cache[path] = anchors
    return anchors


def without_code_spans(line):
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


# ---- The repository ---------------------------------------------------------------------------------------------

class Repo:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.files = []
        for directory, dirs, names in os.walk(self.root):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
            for name in names:
                self.files.append(os.path.relpath(os.path.join(directory, name), self.root).replace(os.sep, "/"))
        self.file_set = set(self.files)
        self._declared = None
        self._rules = None
        self._alerts = None
        self._identifiers = None

    def docs(self):
        found = []
        if os.path.isfile(os.path.join(self.root, "README.md")):
            found.append("README.md")
        found += sorted(f for f in self.files if re.fullmatch(r"docs/[^/]+\.md", f))
        found += sorted(f for f in self.files if f.endswith("/README.md") and not re.fullmatch(r"docs/[^/]+", f))
        return found

    def commented(self):
        """(file, comment style) for every file whose comments are checked: "java", "#", "--", or "json" for the
        descriptions in Grafana dashboards (JSON has no comments; those texts are the dashboard's prose)."""
        found = []
        for f in sorted(self.files):
            name = os.path.basename(f)
            base = name[:-3] if name.endswith(".in") else name      # templates: cassandra.yaml.in is YAML
            if name in NOT_OURS:
                continue
            if base.endswith(".java"):
                found.append((f, "java"))
            elif f.startswith("deploy/grafana/") and base.endswith(".json"):
                found.append((f, "json"))
            elif base.endswith((".cql", ".lua")):
                found.append((f, "--"))
            elif base.endswith(HASH_SUFFIXES) or base.startswith("Dockerfile") or ("." not in base and self.is_shell(f)):
                found.append((f, "#"))
        return found

    def is_shell(self, f):
        with open(os.path.join(self.root, f), "rb") as handle:
            first = handle.readline(200)
        return first.startswith(b"#!") and b"sh" in first

    def find(self, ref, source):
        """The repository file that `ref`, written in `source`, names: relative to the root, to the source's folder,
        or as the tail of a repository path; None when there is none."""
        for base in ("", os.path.dirname(source)):
            candidate = os.path.normpath(os.path.join(base, ref)).replace(os.sep, "/")
            if candidate in self.file_set:
                return candidate
        tail = "/" + re.sub(r"^(\.\.?/)+", "", ref)
        return next((f for f in self.files if ("/" + f).endswith(tail)), None)

    def design_rules(self):
        if self._rules is None:
            path = os.path.join(self.root, "docs/design-rules.md")
            text = open(path, encoding="utf-8").read() if os.path.isfile(path) else ""
            self._rules = {int(n) for n in RULE_ROW.findall(text)}
        return self._rules

    def inside(self, absolute):
        return absolute == self.root or absolute.startswith(self.root + os.sep)

    def has_tail(self, path):
        tail = "/" + path.lstrip("./")
        return any(("/" + f).endswith(tail) for f in self.files)

    def declared_names(self):
        if self._declared is None:
            names = set()
            for f in self.files:
                if f.endswith(".java"):
                    with open(os.path.join(self.root, f), encoding="utf-8", errors="replace") as handle:
                        names.update(DECLARED.findall(handle.read()))
            self._declared = names
        return self._declared

    def identifiers(self):
        if self._identifiers is None:
            names = set()
            for f in self.files:
                if f.endswith(".java"):
                    with open(os.path.join(self.root, f), encoding="utf-8", errors="replace") as handle:
                        names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", handle.read()))
            self._identifiers = names
        return self._identifiers

    def alert_names(self):
        if self._alerts is None:
            names = set()
            for f in self.files:
                if (f.startswith("k8s/") or f.startswith("deploy/prometheus/")) and f.endswith((".yml", ".yaml")):
                    with open(os.path.join(self.root, f), encoding="utf-8", errors="replace") as handle:
                        names.update(ALERT.findall(handle.read()))
            self._alerts = names
        return self._alerts


# ---- The checks -------------------------------------------------------------------------------------------------

class Results:
    def __init__(self, quiet):
        self.quiet = quiet
        self.passed = 0
        self.failed = 0

    def check(self, ok, where, kind, subject, problem=""):
        if ok:
            self.passed += 1
            if not self.quiet:
                print(f"ok   {where} {kind} {subject}")
        else:
            self.failed += 1
            print(f"FAIL {where} {kind} {subject}: {problem}")


def check_link(repo, doc, number, target, text, results):
    where = f"{doc}:{number}"
    if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):   # http:, https:, mailto:, …
        return
    path_part, _, fragment = target.partition("#")
    path_part = urllib.parse.unquote(path_part.split("?", 1)[0])
    doc_dir = os.path.dirname(os.path.join(repo.root, doc))
    if path_part:
        absolute = os.path.realpath(os.path.join(doc_dir, path_part))
        if not repo.inside(absolute):
            results.check(False, where, "link", target, "points outside the repository")
            return
        exists = os.path.exists(absolute)
        results.check(exists, where, "link", target, "no such file or folder")
        if not exists:
            return
    else:
        absolute = os.path.join(repo.root, doc)
    if fragment:
        if absolute.endswith(".md") and os.path.isfile(absolute):
            ok = urllib.parse.unquote(fragment) in anchors_of(absolute)
            results.check(ok, where, "anchor", target, "no heading with this anchor in " +
                          os.path.relpath(absolute, repo.root))
    if os.path.isfile(absolute) and (not fragment or urllib.parse.unquote(fragment) in anchors_of(absolute)):
        check_measured_figure(repo, where, absolute, fragment, text, results)
    m = re.fullmatch(r"`([^`]+)`", text.strip())
    if m and path_part.endswith(".java"):
        name = JAVA_NAME.match(m.group(1))
        if name:
            stem = os.path.splitext(os.path.basename(path_part))[0]
            ok = name.group(1) == stem
            problem = f"links to {stem}.java"
            if ok and name.group(2):
                with open(absolute, encoding="utf-8", errors="replace") as f:
                    ok = re.search(r"\b" + re.escape(name.group(2)) + r"\b", f.read()) is not None
                problem = f"{name.group(2)} does not occur in {stem}.java"
            results.check(ok, where, "class", m.group(1), problem)


MEASURED_PAGES = ("docs/benchmarks.md", "docs/benchmarks-cost.md", "docs/benchmarks-services.md")
FIGURE = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\w]|[.,]\d)")


def section_text(path, fragment):
    """The text under the heading whose anchor is `fragment` (up to the next heading of the same or a higher
    level); the whole file without a fragment."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not fragment:
        return "\n".join(lines)
    seen, taken, level = {}, [], None
    for line in lines:
        m = ATX.match(line)
        if m:
            slug = github_slug(m.group(2))
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            depth = len(m.group(1))
            if level is not None and depth <= level:
                break
            if level is None and (slug if n == 0 else f"{slug}-{n}") == fragment:
                level = depth
                continue
        if level is not None:
            taken.append(line)
    return "\n".join(taken)


def check_measured_figure(repo, where, absolute, fragment, text, results):
    """A figure quoted outside the benchmark pages is the text of a link to where it was measured, and must be there:
    `[120.6 B per entry](benchmarks.md#baselines-on-this-machine)`. A re-run that changes it fails this check."""
    page = os.path.relpath(absolute, repo.root)
    if page not in MEASURED_PAGES:
        return
    figures = FIGURE.findall(without_code_spans(text))
    if not figures:
        return
    measured = set(FIGURE.findall(section_text(absolute, urllib.parse.unquote(fragment))))
    for figure in figures:
        results.check(figure in measured, where, "figure", f"{figure} ({page}{'#' + fragment if fragment else ''})",
                      "not in that page's section: the figure is stale or was never measured there")


def check_code_path(repo, doc, number, span, results):
    if span.startswith("/") or "/" not in span or not span.endswith(PATH_SUFFIXES):
        return
    if any(c in span for c in ("://", "<", "{", "*", "$", "…", " ", "|")):
        return
    doc_dir = os.path.dirname(os.path.join(repo.root, doc))
    ok = (os.path.exists(os.path.join(repo.root, span))
          or os.path.exists(os.path.join(doc_dir, span))
          or repo.has_tail(span))
    results.check(ok, f"{doc}:{number}", "path", span, "no such file in the repository")


def check_class_name(repo, doc, number, span, results):
    if LOWER_CAMEL.match(span):
        member = span.rstrip("()")
        results.check(member in repo.identifiers(), f"{doc}:{number}", "member", span,
                      "occurs in no Java source (renamed test or method?)")
        return
    if not CAMEL.match(span):
        return
    parts = re.split(r"[.#]", span, 1)
    name = parts[0]
    external = name in EXTERNAL_NAMES
    ok = name in repo.declared_names() or name in repo.alert_names() or external
    results.check(ok, f"{doc}:{number}", "class", span,
                  "not declared in the Java sources (renamed?), not an alert, not in EXTERNAL_NAMES")
    if ok and len(parts) == 2 and not external:
        member = parts[1].rstrip("()")
        results.check(member in repo.identifiers(), f"{doc}:{number}", "member", span,
                      "occurs in no Java source (renamed test or method?)")


def normalise_cql(text):
    text = re.sub(r"--[^\n]*", "", text)
    statements = []
    for statement in text.split(";"):
        statement = re.sub(r"\s+", " ", statement).strip()
        statement = re.sub(r"\( ", "(", re.sub(r" ([),])", r"\1", statement))
        if statement:
            statements.append(statement)
    return statements


def cql_name(statement):
    m = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", statement, re.I)
    return "CREATE TABLE " + m.group(1) if m else " ".join(statement.split()[:4])


def check_cql_blocks(repo, doc, lines, results):
    block, start, info = None, 0, ""
    for number, line in enumerate(lines, 1):
        m = FENCE.match(line)
        if m and block is None:
            block, start, info = [], number, line.strip()[3:].strip()
        elif m and block is not None:
            if info == "cql" and block and block[0].strip().startswith("-- "):
                source = block[0].strip()[3:].strip()
                full = os.path.join(repo.root, source)
                if not os.path.isfile(full):
                    results.check(False, f"{doc}:{start}", "schema", source, "no such file")
                else:
                    with open(full, encoding="utf-8") as f:
                        real = set(normalise_cql(f.read()))
                    shown = normalise_cql("\n".join(block[1:]))
                    for statement in shown:
                        results.check(statement in real, f"{doc}:{start}", "schema", f"{source}: {cql_name(statement)}",
                                      "not in the schema file in this form (changed or dropped?)")
                    for statement in sorted(real - set(shown)):
                        results.check(False, f"{doc}:{start}", "schema", f"{source}: {cql_name(statement)}",
                                      "in the schema file but not in this block (new table?)")
            block = None
        elif block is not None:
            block.append(line)


def check_rules(repo, where, text, results):
    for m in RULE_REF.finditer(text):
        for number in re.findall(r"\d+", m.group(1)):
            results.check(int(number) in repo.design_rules(), where, "rule", number,
                          "docs/design-rules.md has no such rule")


def comments(text, style):
    """Yields (line number, text) of each comment line; Java strings and text blocks are skipped, not comments."""
    if style == "java":
        line, position = 1, 0
        for m in JAVA_TOKEN.finditer(text):
            line += text.count("\n", position, m.start())
            position = m.start()
            if m.group(0).startswith("/"):
                for offset, part in enumerate(m.group(0).split("\n")):
                    yield line + offset, part
        return
    if style == "json":
        for number, line in enumerate(text.splitlines(), 1):
            for m in JSON_DESCRIPTION.finditer(line):
                yield number, m.group(1)
        return
    pattern = HASH_COMMENT if style == "#" else DASH_COMMENT
    for number, line in enumerate(text.splitlines(), 1):
        m = pattern.search(line)
        if m:
            yield number, m.group(1)


def check_comments(repo, source, style, results):
    with open(os.path.join(repo.root, source), encoding="utf-8", errors="replace") as f:
        text = f.read()
    for number, comment in comments(text, style):
        where = f"{source}:{number}"
        check_rules(repo, where, comment, results)
        for m in FILE_REF.finditer(comment):
            ref, fragment = m.group(1), m.group(2)
            if ref.split("/", 1)[0] in SKIP_DIRS or ("/" not in ref and not ref.endswith(OWN_BARE)):
                continue
            found = repo.find(ref, source)
            results.check(found is not None, where, "ref", ref, "no such file in the repository")
            if found and fragment and found.endswith(".md"):
                results.check(fragment in anchors_of(os.path.join(repo.root, found)), where, "anchor",
                              f"{ref}#{fragment}", f"no heading with this anchor in {found}")


def check_doc(repo, doc, results):
    with open(os.path.join(repo.root, doc), encoding="utf-8") as f:
        lines = f.read().splitlines()
    in_docs = doc.startswith("docs/")
    check_cql_blocks(repo, doc, lines, results)
    for number, line in strip_fences(lines):
        check_rules(repo, f"{doc}:{number}", line, results)
        linked_spans = set()
        for m in INLINE_LINK.finditer(line):
            text, target = m.group(2), m.group(3)
            linked_spans.update(s for _, s in CODE_SPAN.findall(text))
            check_link(repo, doc, number, target, text, results)
        m = REF_DEF.match(line)
        if m:
            check_link(repo, doc, number, m.group(1), "", results)
        for target in HTML_SRC.findall(without_code_spans(line)):
            check_link(repo, doc, number, target, "", results)
        for _, span in CODE_SPAN.findall(line):
            span = span.strip()
            check_code_path(repo, doc, number, span, results)
            if in_docs and span not in linked_spans:
                check_class_name(repo, doc, number, span, results)


def run(root, quiet, with_self_test=False):
    repo = Repo(root)
    results = Results(quiet)
    if with_self_test:
        import contextlib
        import io
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            failed = self_test()
        results.check(failed == 0, "docs/check-docs.py", "self-test", "(rejects known-bad references)",
                      "the checker itself is broken:\n" + out.getvalue())
    for doc in repo.docs():
        check_doc(repo, doc, results)
    for source, style in repo.commented():
        check_comments(repo, source, style, results)
    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


# ---- Self-test --------------------------------------------------------------------------------------------------

def self_test():
    """Builds a tiny repository with known good and known bad references and checks the checker's verdicts."""
    import doctest
    import io
    import contextlib
    failures, _ = doctest.testmod(verbose=False)
    with tempfile.TemporaryDirectory() as root:
        def write(path, text):
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
        write("svc/src/main/java/dev/x/FanOut.java", "\n".join([
            "package dev.x;",
            "/** See docs/a.md#repeat-1 (design rule 2); docs/gone.md is not here. */",
            'class FanOut { void created() { String s = "docs/in-a-string.md // rule 9"; } // rule 3, docs/a.md#nope',
            "}"]) + "\n")
        write("svc/run.sh", "#!/bin/sh\n# writes scripts/bucket.lua, ../README.md and target/x.md (rules 1 and 4)\n"
                            'echo "${#x}" # NOTES.md, not server.properties\n')
        write("svc/sub/README.md", "# sub\n\n[up](../../docs/a.md#nope-either)\n")
        write("docs/design-rules.md", "# Rules\n\n| # | Rule |\n|---|---|\n| 1 | one |\n| 2 | two |\n\n"
                                      "Cited as design rule 2, never as rule 5.\n")
        write("svc/src/test/java/dev/x/FanOutIT.java", "class FanOutIT { void createdTweetsAreFannedOut() {} }\n")
        write("svc/src/main/resources/scripts/bucket.lua", "return 1\n")
        write("svc/README.md", "# svc\n\nScript: `scripts/bucket.lua`.\n")
        write("k8s/rules.yaml", "# see docs/b.md#b-title and k8s/gone.yaml\ngroups:\n- rules:\n  - alert: XyzDown\n")
        write("README.md", "# Top\n\n[docs](docs/a.md#design-fan-out--more) [gone](docs/missing.md)\n")
        write("docs/a.md", "\n".join([
            "# A",
            "## Design: fan-out & more",
            "## Repeat", "## Repeat",
            "[ok](b.md#b-title) [bad anchor](b.md#nope) [self](#repeat-1) [bad self](#repeat-2)",
            "[`FanOut`](../svc/src/main/java/dev/x/FanOut.java) [`FanOut.created`](../svc/src/main/java/dev/x/FanOut.java)",
            "[`Wrong`](../svc/src/main/java/dev/x/FanOut.java) [`FanOut.deleted`](../svc/src/main/java/dev/x/FanOut.java)",
            "`svc/src/main/java/dev/x/FanOut.java` `svc/Gone.java` `/api/v1/x.json` `<module>/pom.yml`",
            "`FanOut` `XyzDown` `KafkaTemplate` `RenamedClass` `ZADD` `snake_case` `FanOut.created` `FanOut.goneMethod`",
            "`createdTweetsAreFannedOut` `somethingThatWasRenamed` `maxEntries`",
            "[outside](../../etc/passwd) [web](https://example.com/x.md)",
            "[120.6 B](benchmarks.md#baselines) [3,392 machines](benchmarks.md#baselines) [run](benchmarks.md) "
            "[1,142](benchmarks.md)",
            "```", "[inside a fence](nowhere.md) `Nowhere.java/x.md`", "```",
        ]) + "\n")
        write("svc/schema.cql", "-- c\nCREATE TABLE t (\n  a int PRIMARY KEY, -- the key\n  b text\n);\n"
                               "CREATE TABLE v (a int PRIMARY KEY);\n")
        write("docs/benchmarks.md", "# Bench\n\n## Run\n\n1,142 posts\n\n## Baselines\n\n120.6 bytes per entry, "
                                    "3,3920 not it\n\n## Later\n")
        write("docs/b.md", "B title\n=======\n\n```cql\n-- svc/schema.cql\nCREATE TABLE t (a int PRIMARY KEY,\n b text);\n"
                           "CREATE TABLE u (a int PRIMARY KEY);\n```\n")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = run(root, quiet=False)
        text = out.getvalue()
        expected_fail = [
            "README.md:3 link docs/missing.md",
            "docs/a.md:5 anchor b.md#nope", "docs/a.md:5 anchor #repeat-2",
            "docs/a.md:7 class Wrong", "docs/a.md:7 class FanOut.deleted",
            "docs/a.md:8 path svc/Gone.java",
            "docs/a.md:9 class RenamedClass",
            "docs/a.md:9 member FanOut.goneMethod",
            "docs/a.md:10 member somethingThatWasRenamed",
            "docs/a.md:11 link ../../etc/passwd",
            "docs/a.md:12 figure 3,392 (docs/benchmarks.md#baselines)",
            "docs/b.md:4 schema svc/schema.cql: CREATE TABLE u",
            "docs/b.md:4 schema svc/schema.cql: CREATE TABLE v",
            "svc/src/main/java/dev/x/FanOut.java:2 ref docs/gone.md",
            "svc/src/main/java/dev/x/FanOut.java:3 rule 3", "svc/src/main/java/dev/x/FanOut.java:3 anchor docs/a.md#nope",
            "svc/run.sh:2 rule 4", "svc/run.sh:3 ref NOTES.md",
            "svc/sub/README.md:3 anchor ../../docs/a.md#nope-either",
            "docs/design-rules.md:8 rule 5",
            "k8s/rules.yaml:1 ref k8s/gone.yaml",
        ]
        expected_ok = [
            "README.md:3 link docs/a.md", "README.md:3 anchor docs/a.md#design-fan-out--more",
            "docs/a.md:5 anchor b.md#b-title", "docs/a.md:5 anchor #repeat-1",
            "docs/a.md:6 class FanOut", "docs/a.md:6 class FanOut.created",
            "docs/a.md:8 path svc/src/main/java/dev/x/FanOut.java",
            "docs/a.md:9 class FanOut", "docs/a.md:9 class XyzDown", "docs/a.md:9 class KafkaTemplate",
            "docs/a.md:9 member FanOut.created", "docs/a.md:10 member createdTweetsAreFannedOut",
            "svc/README.md:3 path scripts/bucket.lua",
            "docs/b.md:4 schema svc/schema.cql: CREATE TABLE t",
            "svc/src/main/java/dev/x/FanOut.java:2 anchor docs/a.md#repeat-1",
            "svc/src/main/java/dev/x/FanOut.java:2 rule 2",
            "svc/run.sh:2 ref scripts/bucket.lua", "svc/run.sh:2 ref ../README.md", "svc/run.sh:2 rule 1",
            "docs/design-rules.md:8 rule 2", "k8s/rules.yaml:1 anchor docs/b.md#b-title",
            "docs/a.md:12 figure 120.6 (docs/benchmarks.md#baselines)", "docs/a.md:12 figure 1,142 (docs/benchmarks.md)",
        ]
        problems = []
        for item in expected_fail:
            if f"FAIL {item}" not in text:
                problems.append(f"expected a failure: {item}")
        for item in expected_ok:
            if f"ok   {item}" not in text:
                problems.append(f"expected a pass: {item}")
        for unexpected in ("nowhere.md", "Nowhere.java", "x.json", "<module>", "ZADD", "snake_case", "example.com",
                           "maxEntries", "in-a-string.md", "rule 9", "target/x.md", "server.properties"):
            if unexpected in text:
                problems.append(f"should not have been checked: {unexpected}")
        if f"{len(expected_fail)} failed" not in text:
            problems.append(f"expected exactly {len(expected_fail)} failures")
        if code != 1:
            problems.append("exit code should be 1 when something failed")
    for problem in problems:
        print("self-test FAIL:", problem)
    if problems or failures:
        print("self-test output was:\n" + text)
        return 1
    print("self-test passed")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--quiet", "-q", action="store_true", help="print failures and the summary only")
    parser.add_argument("--self-test", action="store_true", help="run the checker against a small fixture")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    return run(args.root, args.quiet, with_self_test=True)


if __name__ == "__main__":
    sys.exit(main())
