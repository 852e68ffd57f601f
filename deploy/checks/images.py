#!/usr/bin/env python3
"""Every third-party image Chirp deploys, and whether its digest is pinned.

  images.py list   [BUILD...]  one line per image: "pinned name:tag@sha256:…" or "tag-only name:tag"
  images.py check  [BUILD...]  offline (deploy/check.sh): each name:tag carries the same digest everywhere it appears
                               (compose, every kustomize build, the Dockerfile), and deploy/README.md's "Images"
                               section names every image found and no other
  images.py verify [BUILD...]  online (the CI workflow's image-digests job, needs docker buildx): every pinned digest
                               exists in its registry; a tag that now points elsewhere (official images are rebuilt
                               under the same tag) and every tag-only image are reported with the digest to pin

BUILD: kustomize outputs (YAML files); the default is deploy/.tools/build/*.yaml, which deploy/check.sh writes.
Chirp's own images (chirp/*) are built from this repository and are not listed.
"""
import glob
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE_LINE = re.compile(r"^\s*(?:-\s*)?image:\s*[\"']?([^\s\"']+)", re.M)
DOCKERFILE_ARG = re.compile(r"^ARG\s+\w+_IMAGE=(\S+)", re.M)
REF = re.compile(r"^(?P<name>[^@\s]+?)(?::(?P<tag>[\w][\w.-]*))?(?:@(?P<digest>sha256:[0-9a-f]{64}))?$")


def parse(ref):
    m = REF.match(ref)
    if not m:
        raise ValueError(f"not an image reference: {ref}")
    return m.group("name"), m.group("tag"), m.group("digest")


def sources(builds):
    """(file, reference) for every third-party image reference."""
    found = []
    files = [os.path.join(REPO, "docker-compose.yml")] + list(builds)
    for path in files:
        with open(path, encoding="utf-8") as f:
            for ref in IMAGE_LINE.findall(f.read()):
                if not ref.startswith("chirp/"):
                    found.append((os.path.relpath(path, REPO), ref))
    with open(os.path.join(REPO, "Dockerfile"), encoding="utf-8") as f:
        for ref in DOCKERFILE_ARG.findall(f.read()):
            found.append(("Dockerfile", ref))
    return found


def images(builds):
    """{name:tag: set of digests (None for tag-only)}"""
    out = {}
    for _, ref in sources(builds):
        name, tag, digest = parse(ref)
        out.setdefault(f"{name}:{tag}", set()).add(digest)
    return out


def readme_images():
    """{name:tag: digest or None} from the table in deploy/README.md's "Images" section (first two columns)."""
    with open(os.path.join(REPO, "deploy", "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("\n## Images", 1)[1].split("\n## ", 1)[0]
    out = {}
    for row in re.findall(r"^\|(.+)\|\s*$", section, re.M):
        cells = [c.strip() for c in row.split("|")]
        if len(cells) < 2 or cells[0] in ("image", "---"):
            continue
        digest = re.search(r"sha256:[0-9a-f]{64}", cells[1])
        for image in re.findall(r"`([a-z0-9./_-]+:[\w.-]+)`", cells[0]):
            out[image] = digest.group(0) if digest else None
    return out


def check(builds):
    bad = []
    found = images(builds)
    for image, digests in sorted(found.items()):
        if image.endswith(":None"):
            bad.append(f"{image.rsplit(':', 1)[0]} has no tag")
        if len(digests) > 1:
            shown = ", ".join(sorted(d or "no digest" for d in digests))
            bad.append(f"{image} appears with different digests: {shown}")
    documented = readme_images()
    for image in sorted(set(found) - set(documented)):
        bad.append(f"{image} is deployed but deploy/README.md's Images section does not name it")
    for image in sorted(set(documented) - set(found)):
        bad.append(f"deploy/README.md's Images section names {image}, which nothing deploys")
    for image in sorted(set(found) & set(documented)):
        if len(found[image]) == 1 and documented[image] not in found[image]:
            bad.append(f"deploy/README.md gives {image} the digest {documented[image] or 'none'}, "
                       f"the files {next(iter(found[image])) or 'none'}")
    for line in bad:
        print("FAIL", line)
    pinned = sum(1 for d in found.values() if None not in d)
    print(f"{len(found)} images, {pinned} pinned by digest, {len(found) - pinned} by tag only")
    return 1 if bad else 0


def inspect(ref):
    out = subprocess.run(["docker", "buildx", "imagetools", "inspect", "--format", "{{json .Manifest.Digest}}", ref],
                         capture_output=True, text=True)
    return out.stdout.strip().strip('"') if out.returncode == 0 else None


def verify(builds):
    missing = 0
    for image, digests in sorted(images(builds).items()):
        name = image.rsplit(":", 1)[0]
        current = inspect(image)
        for digest in digests:
            if digest is None:
                print(f"::warning::{image} is pinned by tag only; its digest today is {current}")
            elif inspect(f"{name}@{digest}") is None:
                print(f"::error::{image}@{digest}: no such manifest in the registry")
                missing += 1
            elif current != digest:
                print(f"::warning::{image} now points to {current}, not the pinned {digest} (rebuilt under the same tag?)")
            else:
                print(f"ok {image}@{digest}")
    return 1 if missing else 0


def main(argv):
    if not argv or argv[0] not in ("list", "check", "verify"):
        print(__doc__, file=sys.stderr)
        return 2
    builds = argv[1:] or sorted(glob.glob(os.path.join(REPO, "deploy", ".tools", "build", "*.yaml")))
    if argv[0] == "list":
        for image, digests in sorted(images(builds).items()):
            for digest in sorted(digests, key=lambda d: d or ""):
                print(f"pinned   {image}@{digest}" if digest else f"tag-only {image}")
        return 0
    return check(builds) if argv[0] == "check" else verify(builds)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
