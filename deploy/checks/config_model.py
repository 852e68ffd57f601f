"""What the Chirp services read: configuration property names and environment variable names, derived from the
sources (application.yml, chirp-defaults.properties, @ConfigurationProperties records, @Value placeholders), and
the metric names they register (Micrometer builders). Used by env_check.py and dashboard_check.py.

Spring relaxed binding of environment variables: a property a.b-c.d is set by A_B_C_D or A_BC_D (dots become
underscores; dashes are removed, or underscores in Boot's legacy form); a Map property a.m takes A_M_<ANYTHING>,
a List property a.l takes A_L (comma-separated) or A_L_<N>.
"""
import os
import re

SERVICES = ["gateway-service", "user-service", "tweet-service", "timeline-service", "search-service",
            "media-service"]
SHARED = "chirp-shared"


def kebab(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def _strip_comments(src):
    """Remove // and /* */ comments, leaving string, text block and char literals intact."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith('"""', i):
            j = src.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(src[i:j])
            i = j
        elif src[i] in "\"'":
            q, j = src[i], i + 1
            while j < n and src[j] != q and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        else:
            out.append(src[i])
            i += 1
    return "".join(out)


def _balanced(text, start, open_ch="(", close_ch=")"):
    """Index just past the bracket that closes text[start] (which must be open_ch), skipping string literals."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "'":
            i += 1
            while i < n and text[i] != "'":
                i += 2 if text[i] == "\\" else 1
        elif c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced brackets")


def _split_top(text):
    """Split on commas that are not inside (), <>, {}, [] or string literals."""
    parts, depth, cur, i, n = [], 0, [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "(<{[":
            depth += 1
        elif c in ")>}]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur))
    return parts


def _strip_annotations(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == "@":
            m = re.match(r"@[\w.]+", text[i:])
            i += m.end()
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            if j < len(text) and text[j] == "(":
                i = _balanced(text, j)
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _components(header):
    comps = []
    for part in _split_top(header):
        part = " ".join(_strip_annotations(part).split())
        if not part:
            continue
        m = re.match(r"(?:final\s+)?(.+?)\s+(\w+)$", part)
        if m:
            comps.append((m.group(1).strip(), m.group(2)))
    return comps


def _java_files(module_dir):
    root = os.path.join(module_dir, "src", "main", "java")
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(".java"):
                yield os.path.join(dirpath, f)


class Module:
    """Records, @ConfigurationProperties roots and placeholders of one Maven module."""

    def __init__(self, repo, name):
        self.name = name
        self.dir = os.path.join(repo, name)
        self.records = {}        # simple name -> [(type, name)] (any file of the module)
        self.file_records = {}   # file -> {simple name -> [(type, name)]} (nested types resolve here first)
        self.root_files = {}     # root type -> file
        self.classes = {}        # simple name -> [(type, name)] for JavaBean-style properties classes
        self.roots = []          # (prefix, type simple name)
        self.properties = set()  # exact property names (canonical, lower-case kebab)
        self.wildcards = set()   # property prefixes under which anything binds (Maps)
        self.lists = set()       # List/Set/array properties
        self.env_names = set()   # environment variables read directly through ${NAME} placeholders
        self.metrics = {}        # prometheus name -> (kind, source file)
        self._scan()

    def _scan(self):
        for path in _java_files(self.dir):
            src = _strip_comments(open(path, encoding="utf-8").read())
            for m in re.finditer(r"\brecord\s+(\w+)\s*(?:<[^>]*>)?\s*\(", src):
                end = _balanced(src, m.end() - 1)
                comps = _components(src[m.end():end - 1])
                self.records.setdefault(m.group(1), comps)
                self.file_records.setdefault(path, {})[m.group(1)] = comps
            for m in re.finditer(r"@ConfigurationProperties\s*\(", src):
                end = _balanced(src, m.end() - 1)
                args = src[m.end():end - 1]
                pm = re.search(r'"([^"]*)"', args)
                if not pm:
                    continue
                after = src[end:end + 600]
                tm = re.search(r"\b(record|class)\s+(\w+)", after)
                if tm:
                    self.roots.append((pm.group(1), tm.group(2)))
                    self.root_files[tm.group(2)] = path
                    if tm.group(1) == "class":
                        body_start = src.find("{", end + tm.end())
                        body = src[body_start:_balanced(src, body_start, "{", "}")]
                        self.classes[tm.group(2)] = [(t, n) for t, n in re.findall(
                            r"private\s+(?!static)(?:final\s+)?([\w.<>, ?\[\]]+?)\s+(\w+)\s*[;=]", body)]
            for m in re.finditer(r'@Value\s*\(\s*"([^"]*)"', src):
                self._placeholders(m.group(1))
            for m in re.finditer(r'getProperty\s*\(\s*"([a-z][\w.-]*)"', src):
                self.properties.add(m.group(1))
            self._metrics(path, src)
        res = os.path.join(self.dir, "src", "main", "resources")
        if os.path.isdir(res):
            for f in sorted(os.listdir(res)):
                p = os.path.join(res, f)
                if re.match(r"application.*\.ya?ml$", f):
                    self._yaml(p)
                elif re.match(r"(application.*|chirp-defaults)\.properties$", f):
                    self._properties(p)
        for prefix, typ in self.roots:
            self._bind(prefix, typ, set(), self.root_files.get(typ))

    def _metrics(self, path, src):
        kinds = {"Counter": "counter", "Timer": "timer", "Gauge": "gauge", "DistributionSummary": "summary",
                 "LongTaskTimer": "longtask", "FunctionCounter": "counter", "FunctionTimer": "timer",
                 "TimeGauge": "gauge"}
        for m in re.finditer(r"\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|"
                             r"FunctionTimer|TimeGauge)\.builder\(\s*\"([^\"]+)\"", src):
            self.metrics[m.group(2)] = (kinds[m.group(1)], os.path.relpath(path, self.dir))
        for m in re.finditer(r"\.(counter|timer|gauge|summary)\(\s*\"([^\"]+)\"", src):
            kind = {"summary": "summary"}.get(m.group(1), m.group(1))
            self.metrics.setdefault(m.group(2), (kind, os.path.relpath(path, self.dir)))

    def _placeholders(self, value):
        for m in re.finditer(r"\$\{([^}:]+)", str(value)):
            key = m.group(1).strip()
            if re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
                self.env_names.add(key)
            else:
                self.properties.add(key.lower())

    def _yaml(self, path):
        import yaml
        for doc in yaml.safe_load_all(open(path, encoding="utf-8")):
            self._flatten("", doc)

    def _flatten(self, prefix, node):
        if isinstance(node, dict):
            for k, v in node.items():
                self._flatten(f"{prefix}.{k}" if prefix else str(k), v)
        else:
            if prefix:
                self.properties.add(prefix.lower())
                if isinstance(node, list):
                    self.lists.add(prefix.lower())
            for item in node if isinstance(node, list) else [node]:
                self._placeholders(item)

    def _properties(self, path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line or line[0] in "#!":
                continue
            key, _, value = line.partition("=")
            self.properties.add(key.strip().lower())
            self._placeholders(value)

    def _lookup(self, typ, path):
        return (self.file_records.get(path, {}).get(typ) or self.records.get(typ)
                or self.classes.get(typ))

    def _bind(self, prefix, typ, seen, path):
        comps = self._lookup(typ, path)
        if comps is None or typ in seen:
            self.properties.add(prefix)
            return
        for ctype, cname in comps:
            name = f"{prefix}.{kebab(cname)}"
            base = re.sub(r"<.*", "", ctype).split(".")[-1].strip()
            if base in ("Map", "HashMap", "LinkedHashMap", "Properties"):
                self.wildcards.add(name)
            elif base in ("List", "Set", "Collection") or ctype.endswith("[]"):
                self.properties.add(name)
                self.lists.add(name)
            elif self._lookup(base, path) is not None:
                self._bind(name, base, seen | {typ}, path)
            else:
                self.properties.add(name)


def env_forms(prop):
    up = prop.upper().replace(".", "_")
    return {up.replace("-", ""), up.replace("-", "_")}


class Model:
    def __init__(self, repo):
        self.repo = repo
        self.shared = Module(repo, SHARED)
        self.modules = {s: Module(repo, s) for s in SERVICES if os.path.isdir(os.path.join(repo, s))}

    def reads(self, module, env, allow):
        """Whether the service `module` (None: any service) reads environment variable `env`."""
        mods = [self.shared] + ([self.modules[module]] if module in self.modules else list(self.modules.values()))
        if env in allow:
            return True
        for mod in mods:
            if env in mod.env_names:
                return True
            for prop in mod.properties:
                if env in env_forms(prop):
                    return True
            for prop in mod.lists:
                for form in env_forms(prop):
                    if re.fullmatch(re.escape(form) + r"_\d+", env):
                        return True
            for prop in mod.wildcards:
                for form in env_forms(prop):
                    if env.startswith(form + "_") and len(env) > len(form) + 1:
                        return True
        return False

    def metric_names(self):
        """Prometheus series names of the meters the Chirp code registers."""
        out = {}
        for mod in [self.shared] + list(self.modules.values()):
            for name, (kind, src) in mod.metrics.items():
                base = name.replace(".", "_").replace("-", "_")
                if kind == "counter":
                    names = [base + "_total"]
                elif kind == "timer":
                    names = [base + "_seconds_" + s for s in ("count", "sum", "max", "bucket")]
                elif kind == "longtask":
                    names = [base + "_seconds_" + s for s in ("active_count", "duration_sum", "max")]
                elif kind == "summary":
                    names = [base + "_" + s for s in ("count", "sum", "max", "bucket")]
                else:
                    names = [base]
                for n in names:
                    out[n] = f"{mod.name}/{src}"
        return out
