const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n also needs each node's icons beside the compiled node.
function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
