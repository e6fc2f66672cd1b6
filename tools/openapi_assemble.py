#!/usr/bin/env python3
"""Assembles the served OpenAPI document from src/api/openapi/base.json and one fragment per
module (src/api/openapi/<module>.json, each {"tags": [...], "paths": {...}, "components": {...}}).

    openapi_assemble.py OUT BASE FRAGMENT...

A path, or a component of the same kind and name, defined twice is an error: two modules cannot
quietly overwrite each other's parts."""
import json
import sys


def main():
    out, base_path, parts = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(base_path, encoding='utf-8') as f:
        doc = json.load(f)
    doc.setdefault('paths', {})
    doc.setdefault('components', {})
    for part in parts:
        with open(part, encoding='utf-8') as f:
            frag = json.load(f)
        unknown = set(frag) - {'tags', 'paths', 'components'}
        if unknown:
            sys.exit(f'{part}: only "tags", "paths" and "components" belong in a module fragment, not {sorted(unknown)}')
        for tag in frag.get('tags', []):
            if any(t['name'] == tag['name'] for t in doc.setdefault('tags', [])):
                sys.exit(f'{part}: tag {tag["name"]} is already defined')
            doc['tags'].append(tag)
        for p, item in frag.get('paths', {}).items():
            if p in doc['paths']:
                sys.exit(f'{part}: path {p} is already defined by another module')
            doc['paths'][p] = item
        for kind, items in frag.get('components', {}).items():
            target = doc['components'].setdefault(kind, {})
            for name, value in items.items():
                if name in target:
                    sys.exit(f'{part}: components.{kind}.{name} is already defined')
                target[name] = value
    # Components in a stable order whatever module brought them.
    doc['components'] = {k: dict(sorted(v.items())) if k != 'securitySchemes' else v
                         for k, v in doc['components'].items()}
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
