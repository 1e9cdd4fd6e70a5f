// Checks the published JSON Schemas (format 1.0, and 1.1 which also accepts 1.0 files) against
// the shipped data, the fixtures and small broken files.
// Run: cd tests/e2e && npm install && node --test schema.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';

const readJson = async (relative) => JSON.parse(await readFile(new URL(relative, import.meta.url), 'utf8'));

const schema = await readJson('../../public/schema/whole-place-v1.schema.json');
const schema11 = await readJson('../../public/schema/whole-place-v1.1.schema.json');
const shipped = await readJson('../../public/data/shropshire-illustrative-2011-12.json');
const tiny = await readJson('../fixtures/tiny.json');
const fixture11 = await readJson('../fixtures/format-1.1.json');
// Every data file the site ships (1.0 or 1.1).
const dataDir = new URL('../../public/data/', import.meta.url);
const shippedFiles = await Promise.all(
  (await readdir(dataDir)).filter((name) => name.endsWith('.json')).map(async (name) => [name, await readJson(`../../public/data/${name}`)]),
);

// Strict mode catches unknown keywords and type slips in the schema. strictRequired is off
// because "exactly one of amount/amount_minor" is written as oneOf of bare `required` lists,
// which is standard JSON Schema that Ajv's extra strictRequired check does not follow.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(schema);
const validate11 = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema11);

const explain = (errors) => JSON.stringify(errors?.slice(0, 5), null, 2);

/** A small valid document; each broken case changes one thing in a fresh copy. */
const minimal = () => ({
  format_version: '1.0',
  metadata: {
    title: 'Test area',
    licence: { name: 'Open Government Licence v3.0', url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/' },
    period: { label: '2011/12', start: '2011-04-01', end: '2012-03-31' },
    currency: 'GBP',
    status: 'illustrative',
  },
  places: [{ id: 'north', label: 'North', population: 1000 }],
  audiences: [{ id: 'young', label: 'Young people', population_by_place: { north: 100 } }],
  activities: [
    { id: 'safety', label: 'Community safety' },
    { id: 'policing', label: 'Policing', parent: 'safety' },
  ],
  agencies: [{ id: 'council', label: 'Council' }],
  facts: [{ agency: 'council', place: 'north', audience: null, activity: 'policing', amount: '100.10' }],
});

const firstFact = (doc) => doc.facts[0];

test('the schema compiles under draft 2020-12', () => {
  assert.equal(typeof validate, 'function');
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
});

for (const [name, each] of [['1.0', schema], ['1.1', schema11]]) test(`every property in the ${name} schema has a description`, () => {
  const schema = each;
  const missing = [];
  const walk = (node, path) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    for (const key of ['properties', '$defs']) {
      for (const [name, sub] of Object.entries(node[key] ?? {})) {
        if (typeof sub.description !== 'string') missing.push(`${path}.${key}.${name}`);
      }
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
  };
  walk(schema, '$');
  assert.deepEqual(missing, []);
});

test('the shipped dataset is valid', () => {
  assert.ok(validate(shipped), explain(validate.errors));
});

test('the tiny fixture is valid', () => {
  assert.ok(validate(tiny), explain(validate.errors));
});

test('the 1.1 schema compiles under draft 2020-12 and keeps the 1.0 schema\'s definitions', () => {
  assert.equal(typeof validate11, 'function');
  assert.equal(schema11.$schema, 'https://json-schema.org/draft/2020-12/schema');
  for (const name of Object.keys(schema.$defs)) assert.ok(name in schema11.$defs, name);
});

test('every shipped data file and fixture is valid under the 1.1 schema', () => {
  assert.ok(shippedFiles.length >= 1);
  for (const [name, doc] of [...shippedFiles, ['tiny.json', tiny], ['format-1.1.json', fixture11]]) {
    assert.ok(validate11(doc), `${name}: ${explain(validate11.errors)}`);
  }
});

test('the 1.0 schema still accepts every 1.0 file the site ships', () => {
  for (const [name, doc] of shippedFiles.filter(([, doc]) => doc.format_version === '1.0')) {
    assert.ok(validate(doc), `${name}: ${explain(validate.errors)}`);
  }
});

test('the minimal document used below is valid', () => {
  assert.ok(validate(minimal()), explain(validate.errors));
});

const good = [
  ['a one-character id', (d) => { d.places[0].id = 'n'; d.facts[0].place = 'n'; d.audiences[0].population_by_place = { n: 100 }; }],
  ['an id of exactly 100 characters', (d) => { d.agencies[0].id = 'a'.repeat(100); d.facts[0].agency = 'a'.repeat(100); }],
  ['an id with inner spaces', (d) => { d.agencies[0].id = 'city council'; d.facts[0].agency = 'city council'; }],
  ['amount_minor instead of amount', (d) => { delete firstFact(d).amount; firstFact(d).amount_minor = 12345; }],
  ['a negative amount (income or refund)', (d) => { firstFact(d).amount = '-50.05'; }],
  ['an amount of exactly 10^15', (d) => { firstFact(d).amount = '-1000000000000000.0000'; }],
  ['an amount with leading zeros', (d) => { firstFact(d).amount = '007'; }],
  ['place, audience and activity left out', (d) => { d.facts[0] = { agency: 'council', amount: '1' }; }],
  ['an empty facts list', (d) => { d.facts = []; }],
  ['licence, period and sources as plain text', (d) => {
    d.metadata.licence = 'OGL v3.0';
    d.metadata.period = '2011/12';
    d.metadata.sources = ['Statement of accounts', { title: 'Budget book', url: 'https://example.org/b.pdf' }, { url: 'https://example.org' }];
  }],
  ['status "official"', (d) => { d.metadata.status = 'official'; }],
  ['unknown top-level keys and $schema', (d) => { d.$schema = 'whole-place-v1.schema.json'; d.notes = 'ignored'; }],
  ['format_version "1.2" (a later minor version)', (d) => { d.format_version = '1.2'; }],
  ['a licence address starting http://', (d) => { d.metadata.licence.url = 'http://www.nationalarchives.gov.uk/doc/open-government-licence/'; }],
  ['amount_minor as the text "-500"', (d) => { delete firstFact(d).amount; firstFact(d).amount_minor = '-500'; }],
  ['amount_minor as text with more than 19 digits (range is checked by the explorer)', (d) => { delete firstFact(d).amount; firstFact(d).amount_minor = '0000000000000000000001'; }],
  ['an id of 100 accented characters (characters, not bytes)', (d) => { d.agencies[0].id = 'é'.repeat(100); d.facts[0].agency = 'é'.repeat(100); }],
  ['an id of 100 characters outside the Basic Multilingual Plane', (d) => { d.agencies[0].id = '𝔸'.repeat(100); d.facts[0].agency = '𝔸'.repeat(100); }],
  ['a label in Arabic, with no direction controls', (d) => { d.places[0].label = 'الشمال'; }],
  ['a description with line breaks and tabs', (d) => { d.places[0].description = 'line one\nline two\tend'; }],
  ['a null description and publisher', (d) => { d.places[0].description = null; d.metadata.publisher = null; }],
  ['a leap day', (d) => { d.metadata.period.start = '2012-02-29'; d.metadata.period.end = '2012-03-31'; }],
];

for (const [name, change] of good) {
  test(`accepts ${name}`, () => {
    for (const check of [validate, validate11]) {
      const doc = minimal();
      change(doc);
      assert.ok(check(doc), explain(check.errors));
    }
  });
}

const broken = [
  ['a fractional JSON number amount', (d) => { firstFact(d).amount = 12.5; }],
  ['a bare JSON integer amount (read with a warning, but not valid)', (d) => { firstFact(d).amount = 12; }],
  ['a decimal comma "12,50"', (d) => { firstFact(d).amount = '12,50'; }],
  ['a thousands separator "1,234.00"', (d) => { firstFact(d).amount = '1,234.00'; }],
  ['a currency symbol "£5"', (d) => { firstFact(d).amount = '£5'; }],
  ['scientific notation "1e3"', (d) => { firstFact(d).amount = '1e3'; }],
  ['more than 4 decimal places', (d) => { firstFact(d).amount = '1.23456'; }],
  ['an amount above 10^15', (d) => { firstFact(d).amount = '1000000000000000.01'; }],
  ['a 16-digit amount', (d) => { firstFact(d).amount = '1234567890123456'; }],
  ['a plus sign', (d) => { firstFact(d).amount = '+5'; }],
  ['a trailing full stop "5."', (d) => { firstFact(d).amount = '5.'; }],
  ['an empty amount', (d) => { firstFact(d).amount = ''; }],
  ['a fact missing agency', (d) => { delete firstFact(d).agency; }],
  ['a fact with a null agency', (d) => { firstFact(d).agency = null; }],
  ['a fact with both amount and amount_minor', (d) => { firstFact(d).amount_minor = 10010; }],
  ['a fact with no amount at all', (d) => { delete firstFact(d).amount; }],
  ['a fractional amount_minor', (d) => { delete firstFact(d).amount; firstFact(d).amount_minor = 100.5; }],
  ['a negative population', (d) => { d.places[0].population = -5; }],
  ['a fractional population', (d) => { d.places[0].population = 12.5; }],
  ['a negative population by Place', (d) => { d.audiences[0].population_by_place.north = -1; }],
  ['an id starting with "~"', (d) => { d.agencies[0].id = '~none'; d.facts[0].agency = '~none'; }],
  ['an id with a trailing space', (d) => { d.places[0].id = 'north '; }],
  ['an empty id', (d) => { d.places[0].id = ''; }],
  ['an id of 101 characters', (d) => { d.places[0].id = 'a'.repeat(101); }],
  ['a numeric id', (d) => { d.places[0].id = 7; }],
  ['status "draft"', (d) => { d.metadata.status = 'draft'; }],
  ['a lower-case currency', (d) => { d.metadata.currency = 'gbp'; }],
  ['currency "pounds"', (d) => { d.metadata.currency = 'pounds'; }],
  ['format_version "2.0"', (d) => { d.format_version = '2.0'; }],
  ['no facts list', (d) => { delete d.facts; }],
  ['facts that are not a list', (d) => { d.facts = { a: 1 }; }],
  ['a fact that is not an object', (d) => { d.facts.push(42); }],
  ['a member without a label', (d) => { delete d.agencies[0].label; }],
  ['no metadata', (d) => { delete d.metadata; }],
  ['format_version as the number 1.0 (read by the explorer, with a warning)', (d) => { d.format_version = 1.0; }],
  ['a licence address that is not a web address', (d) => { d.metadata.licence.url = 'javascript:alert(1)'; }],
  ['a licence address with a space', (d) => { d.metadata.licence.url = 'https://example.org/a b'; }],
  ['amount_minor as text with a plus sign', (d) => { delete firstFact(d).amount; firstFact(d).amount_minor = '+500'; }],
  ['amount_minor as text with a fraction', (d) => { delete firstFact(d).amount; firstFact(d).amount_minor = '500.0'; }],
  ['an id of 101 accented characters', (d) => { d.places[0].id = 'é'.repeat(101); }],
  ['a zero-width space in an id', (d) => { d.places[0].id = 'nor\u200Bth'; }],
  ['a word joiner in an id', (d) => { d.agencies[0].id = 'coun\u2060cil'; d.facts[0].agency = 'coun\u2060cil'; }],
  ['a byte-order mark character in an id', (d) => { d.agencies[0].id = '\uFEFFcouncil'; d.facts[0].agency = '\uFEFFcouncil'; }],
  ['a no-break space inside an id', (d) => { d.agencies[0].id = 'city\u00A0council'; d.facts[0].agency = 'city\u00A0council'; }],
  ['a right-to-left override in a label', (d) => { d.places[0].label = '\u202ENorth'; }],
  ['a NUL in a label', (d) => { d.places[0].label = 'No\u0000rth'; }],
  ['a BEL in the title', (d) => { d.metadata.title = 'Test\u0007 area'; }],
  ['an ESC in a description', (d) => { d.places[0].description = 'a\u001Bb'; }],
  ['a C1 control in the publisher', (d) => { d.metadata.publisher = 'Council\u0085'; }],
  ['a line break in a label', (d) => { d.places[0].label = 'North\nSouth'; }],
  ['a period start of 2025-13-01', (d) => { d.metadata.period.start = '2025-13-01'; }],
  ['a period start of 31/02/2025', (d) => { d.metadata.period.start = '31/02/2025'; }],
  ['a period end with day 32', (d) => { d.metadata.period.end = '2012-03-32'; }],
];

for (const [name, change] of broken) {
  test(`rejects ${name}`, () => {
    for (const check of [validate, validate11]) {
      const doc = minimal();
      change(doc);
      assert.equal(check(doc), false, `expected the schema to reject ${name}`);
    }
  });
}

/** A small valid format 1.1 document: two periods, a source, hierarchies, coverage, outcomes, a transfer. */
const minimal11 = () => ({
  format_version: '1.1',
  metadata: { title: 'Test area', licence: 'Open Government Licence v3.0', currency: 'GBP', status: 'compiled' },
  periods: [
    { id: '2015-16', label: '2015-16', start: '2015-04-01', end: '2016-03-31' },
    { id: '2016-17', start: '2016-04-01', end: '2017-03-31' },
  ],
  sources: [{ id: 'rs', title: 'Revenue Outturn Summary', url: 'https://www.gov.uk/rs', retrieved: '2026-11-30' }],
  places: [{ id: 'county', label: 'County' }, { id: 'north', label: 'North', parent: 'county', population: 1000, households: 420, population_source: 'rs' }],
  audiences: [{ id: 'adults', label: 'Adults' }, { id: 'ld', label: 'Learning disability', parent: 'adults' }],
  activities: [{ id: 'care', label: 'Care' }],
  agencies: [{ id: 'gov', label: 'Government' }, { id: 'dept', label: 'Department', parent: 'gov' }, { id: 'council', label: 'Council' }],
  coverage: [{ agency: 'gov', extent: 'partial', note: 'Current spending only.' }, { agency: 'council', period: '2015-16', extent: 'lacking' }],
  outcomes: {
    measures: [{ id: 'qol', label: 'Quality of life', unit: 'score out of 12', higher_is_better: true, activities: ['care'], audiences: [], source: 'rs' }],
    values: [{ measure: 'qol', place: 'north', period: '2016-17', value: '7.8', comparator: { label: 'England median', value: 7.6 } }],
  },
  transfers: [{ from: 'dept', to: 'council', period: '2016-17', amount: '15000.00', activity: 'care', in_funder_figures: true, note: 'Grant' }],
  facts: [{ agency: 'council', place: 'north', audience: 'ld', activity: 'care', period: '2016-17', amount: '100.10', basis: 'apportioned', source: 'rs', note: 'Total × 25.03%' }],
});

test('the minimal 1.1 document is valid under 1.1 (and the 1.0 schema, which allows unknown keys, refuses its "compiled" status)', () => {
  assert.ok(validate11(minimal11()), explain(validate11.errors));
  assert.equal(validate(minimal11()), false);
});

const good11 = [
  ['one period and facts without a period', (d) => { d.periods.pop(); delete d.facts[0].period; d.outcomes.values[0].period = '2015-16'; d.transfers[0].period = '2015-16'; }],
  ['every basis word', (d) => { for (const basis of ['reported', 'derived', 'estimated']) d.facts.push({ ...d.facts[0], basis }); }],
  ['a fact without basis, source or note', (d) => { const f = d.facts[0]; delete f.basis; delete f.source; delete f.note; }],
  ['a transfer in minor units, not in the funder\'s figures', (d) => { const t = d.transfers[0]; delete t.amount; t.amount_minor = 1500000; t.in_funder_figures = false; }],
  ['an outcome value for the whole area', (d) => { d.outcomes.values[0].place = null; d.outcomes.values[0].value = -2; }],
  ['metadata.period as well as periods (the explorer warns and ignores it)', (d) => { d.metadata.period = '2015-16'; }],
  ['a source with only id and title', (d) => { d.sources[0] = { id: 'rs', title: 'RS' }; }],
  ['higher_is_better null', (d) => { d.outcomes.measures[0].higher_is_better = null; }],
];

for (const [name, change] of good11) {
  test(`1.1 accepts ${name}`, () => {
    const doc = minimal11();
    change(doc);
    assert.ok(validate11(doc), explain(validate11.errors));
  });
}

const broken11 = [
  ['a fact without a period when there are two', (d) => { delete d.facts[0].period; }],
  ['no periods list and no metadata.period', (d) => { delete d.periods; }],
  ['an unknown basis word', (d) => { d.facts[0].basis = 'guessed'; }],
  ['a basis in capitals', (d) => { d.facts[0].basis = 'Reported'; }],
  ['a period with a date of 2015-13-01', (d) => { d.periods[0].start = '2015-13-01'; }],
  ['a period without an id', (d) => { delete d.periods[0].id; }],
  ['a source without a title', (d) => { delete d.sources[0].title; }],
  ['a source address that is not a web address', (d) => { d.sources[0].url = 'javascript:alert(1)'; }],
  ['a retrieved date written 30/11/2026', (d) => { d.sources[0].retrieved = '30/11/2026'; }],
  ['a coverage extent "missing"', (d) => { d.coverage[0].extent = 'missing'; }],
  ['a coverage statement without an agency', (d) => { delete d.coverage[0].agency; }],
  ['an outcome value with an exponent', (d) => { d.outcomes.values[0].value = '1e3'; }],
  ['an outcome value with a decimal comma', (d) => { d.outcomes.values[0].value = '7,8'; }],
  ['an outcome measure without a label', (d) => { delete d.outcomes.measures[0].label; }],
  ['a comparator without a value', (d) => { delete d.outcomes.values[0].comparator.value; }],
  ['a transfer with both amount and amount_minor', (d) => { d.transfers[0].amount_minor = 1500000; }],
  ['a transfer without an amount', (d) => { delete d.transfers[0].amount; }],
  ['a transfer without a to', (d) => { delete d.transfers[0].to; }],
  ['in_funder_figures as text', (d) => { d.transfers[0].in_funder_figures = 'yes'; }],
  ['negative households', (d) => { d.places[1].households = -1; }],
  ['a NUL in a note', (d) => { d.facts[0].note = 'a\u0000b'; }],
  ['status "draft"', (d) => { d.metadata.status = 'draft'; }],
];

for (const [name, change] of broken11) {
  test(`1.1 rejects ${name}`, () => {
    const doc = minimal11();
    change(doc);
    assert.equal(validate11(doc), false, `expected the 1.1 schema to reject ${name}`);
  });
}

test('numbers beyond a double (valid JSON) are refused as populations', () => {
  for (const number of ['1e400', '-1e400']) {
    const doc = JSON.parse(JSON.stringify(minimal()).replace('"population":1000', `"population":${number}`));
    assert.equal(validate(doc), false, number);
  }
});

test('a whitespace-only file is not JSON at all (the explorer says it is empty)', () => {
  for (const text of ['', ' ', '\n\t \r\n']) {
    assert.throws(() => JSON.parse(text));
  }
});

test('the four required broken cases each fail on the shipped dataset too', () => {
  const cases = [
    (d) => { d.facts[3].amount = 12.5; },
    (d) => { d.facts[3].amount = '12,50'; },
    (d) => { delete d.facts[3].agency; },
    (d) => { d.metadata.status = 'draft'; },
  ];
  for (const change of cases) {
    const doc = structuredClone(shipped);
    change(doc);
    assert.equal(validate(doc), false);
  }
});
