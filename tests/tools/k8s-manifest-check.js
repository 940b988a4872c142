// SPDX-License-Identifier: MIT
// Usage: node k8s-manifest-check.js PATH...   (a PATH that is a folder means its *.yaml but values.yaml)
// Validates every document of the given Kubernetes manifests against the Kubernetes API schemas of
// npm's kubernetes-models (4.x, pinned in package-lock.json beside this script): the model class is
// picked by apiVersion and kind, and an apiVersion or kind it does not know is an error, so nothing
// passes unchecked. kubernetes-models accepts fields the API does not have; this script also reports
// those (see unknownFields). Templates with ${VAR} placeholders are fine: they are strings.
// Exit codes: 0 every document is valid, 1 a document is invalid (or not YAML), 2 bad usage,
// 3 the check could not run (js-yaml or kubernetes-models missing: `npm ci --prefix` this folder).
'use strict';

const fs = require('fs');
const path = require('path');

function unavailable(message) {
    console.error(`k8s-manifest-check: ${message}`);
    process.exit(3);
}

let yaml;
try {
    yaml = require('js-yaml');
    require.resolve('kubernetes-models/v1');
} catch (error) {
    unavailable(`js-yaml and kubernetes-models are not installed (run: npm ci --prefix ${__dirname}): ${error.message.split('\n')[0]}`);
}

// YAML 1.1 booleans (yes/no/on/off/y/n): Kubernetes reads manifests with go-yaml v2, which takes them as
// booleans, while js-yaml (YAML 1.2) keeps them strings. Reading them as booleans here makes an unquoted
// `value: yes` fail the way the API server would see it.
const yaml11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (text) => /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(text),
    construct: (text) => /^(y|Y|yes|Yes|YES|on|On|ON)$/.test(text),
    predicate: (value) => typeof value === 'boolean',
    represent: { lowercase: (value) => (value ? 'true' : 'false') },
    defaultStyle: 'lowercase',
});
const schema = yaml.DEFAULT_SCHEMA.extend({ implicit: [yaml11Bool] });

/** The model class for a document, or an error message. */
function modelFor(apiVersion, kind) {
    // Checked before they become part of a module path.
    if (typeof apiVersion !== 'string' || !/^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion))
        return { error: `apiVersion ${JSON.stringify(apiVersion)} is not a Kubernetes API version` };
    if (typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind))
        return { error: `kind ${JSON.stringify(kind)} is not a Kubernetes kind` };
    let group;
    try {
        group = require(`kubernetes-models/${apiVersion}`);
    } catch (error) {
        return { error: `apiVersion ${apiVersion} is unknown to kubernetes-models` };
    }
    const Model = group[kind];
    // A top-level object carries its own apiVersion and kind; nested types (JobSpec) do not.
    if (typeof Model !== 'function' || Model.apiVersion !== apiVersion || Model.kind !== kind)
        return { error: `kind ${kind} is unknown in ${apiVersion}` };
    return { Model };
}

/**
 * Fields the schema does not know, found by watching what the schema's compiled validator reads:
 * it reads every property its schema declares by name and enumerates the keys of open maps (labels,
 * resources), so an own key of a fixed-shape object that was never read is not in the API.
 */
function unknownFields(Model, document) {
    const read = new WeakMap(); // object -> Set of keys read, or true when its keys were enumerated
    const wrap = (value) => {
        if (value === null || typeof value !== 'object') return value;
        const seen = new Set();
        read.set(value, seen);
        return new Proxy(value, {
            get(target, key, receiver) {
                if (typeof key === 'string') seen.add(key);
                return wrap(Reflect.get(target, key, receiver));
            },
            has(target, key) {
                if (typeof key === 'string') seen.add(key);
                return Reflect.has(target, key);
            },
            ownKeys(target) {
                read.set(target, true);
                return Reflect.ownKeys(target);
            },
        });
    };
    const plain = new Model(document).toJSON();
    try {
        Model.prototype.validate.call(wrap(plain));
    } catch (error) {
        return []; // already reported by the plain validation
    }
    const unknown = [];
    const walk = (value, at) => {
        if (value === null || typeof value !== 'object') return;
        const seen = read.get(value);
        for (const key of Object.keys(value)) {
            const where = Array.isArray(value) ? `${at}/${key}` : `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
            if (!Array.isArray(value) && seen !== true && !(seen && seen.has(key)))
                unknown.push(where);
            else
                walk(value[key], where);
        }
    };
    walk(plain, '');
    return unknown;
}

function manifestsIn(target) {
    const stat = fs.statSync(target);
    if (!stat.isDirectory()) return [target];
    return fs.readdirSync(target)
        .filter((name) => /\.ya?ml$/.test(name) && name !== 'values.yaml' && name !== 'values.yml')
        .sort()
        .map((name) => path.join(target, name));
}

function checkFile(file) {
    let documents;
    try {
        documents = yaml.loadAll(fs.readFileSync(file, 'utf8'), null, { schema, filename: file });
    } catch (error) {
        console.log(`${file}: not valid YAML: ${error.message}`);
        return 1;
    }
    documents = documents.map((document, index) => ({ document, index: index + 1 })).filter(({ document }) => document !== null && document !== undefined);
    if (documents.length === 0) {
        console.log(`${file}: holds no Kubernetes object`);
        return 1;
    }
    let errors = 0;
    for (const { document, index } of documents) {
        const where = `${file}#${index}`;
        if (typeof document !== 'object' || Array.isArray(document)) {
            console.log(`${where}: not a Kubernetes object`);
            ++errors;
            continue;
        }
        const { Model, error } = modelFor(document.apiVersion, document.kind);
        if (!Model) {
            console.log(`${where}: ${error}`);
            ++errors;
            continue;
        }
        const name = document.metadata && document.metadata.name;
        const label = `${where} ${document.apiVersion} ${document.kind} ${JSON.stringify(name)}`;
        try {
            new Model(document).validate();
        } catch (failure) {
            console.log(`${label}: ${failure.message}`);
            ++errors;
            continue;
        }
        const unknown = unknownFields(Model, document);
        if (unknown.length > 0) {
            for (const field of unknown) console.log(`${label}: data${field} is not a field of ${document.kind}`);
            ++errors;
            continue;
        }
        console.log(`${label}: valid`);
    }
    return errors;
}

function main(argv) {
    if (argv.length === 0) {
        console.error('usage: node k8s-manifest-check.js PATH...');
        return 2;
    }
    let files = [];
    for (const target of argv) {
        if (!fs.existsSync(target)) {
            console.error(`k8s-manifest-check: no such file or folder: ${target}`);
            return 2;
        }
        files = files.concat(manifestsIn(target));
    }
    if (files.length === 0) {
        console.log('no Kubernetes manifest to check');
        return 1;
    }
    let invalid = 0;
    for (const file of files) invalid += checkFile(file) > 0 ? 1 : 0;
    return invalid > 0 ? 1 : 0;
}

// An uncaught exception would exit 1, which reads as "rejected"; it is the check failing instead.
try {
    process.exitCode = main(process.argv.slice(2));
} catch (error) {
    console.error(`k8s-manifest-check: internal error: ${error.stack || error}`);
    process.exitCode = 4;
}
