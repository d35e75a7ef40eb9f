#!/usr/bin/env node
// `npm start`: build if needed, then run the API (with an embedded PostgreSQL unless DATABASE_URL is set).
require('./build-if-needed.js');
process.argv.splice(2, 0); // pass flags such as --migrate-only through
require('../dist/src/main.js');
