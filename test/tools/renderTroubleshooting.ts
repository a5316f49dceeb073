// Writes README's Troubleshooting table from the table the error tests use.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { README_MARKERS, renderTroubleshooting } from '../fixtures/troubleshooting';

const readmePath = join(__dirname, '..', '..', 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(README_MARKERS.start);
const end = readme.indexOf(README_MARKERS.end);
if (start < 0 || end < start) throw new Error('README.md has no troubleshooting markers');

writeFileSync(
	readmePath,
	`${readme.slice(0, start + README_MARKERS.start.length)}\n${renderTroubleshooting()}\n${readme.slice(end)}`,
);
console.log('README.md: Troubleshooting table written');
