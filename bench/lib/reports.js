/**
 * The status-report scenarios of the inventory benchmark (GET /api/v1/reports/status, issue #5):
 * national JSON as of today (target < 1 s and ≤ 1.5 × its SQL floor), as of 2025-10-01 (< 2 s),
 * and the national XLSX and PDF. Each is skipped with a message when the route answers 404.
 */
const AS_OF = '2025-10-01';

const reportScenarios = () => [
  {
    name: 'reportNational',
    label: 'GET /reports/status?scope=national&format=json (as of today)',
    path: '/api/v1/reports/status?scope=national&format=json',
    sqlFloor: true,
  },
  {
    name: 'reportAsOf',
    label: `GET /reports/status?scope=national&format=json&as_of=${AS_OF}`,
    path: `/api/v1/reports/status?scope=national&format=json&as_of=${AS_OF}`,
    sqlFloor: true,
  },
  { name: 'reportXlsx', label: 'GET /reports/status?scope=national&format=xlsx', path: '/api/v1/reports/status?scope=national&format=xlsx', sqlFloor: false },
  { name: 'reportPdf', label: 'GET /reports/status?scope=national&format=pdf', path: '/api/v1/reports/status?scope=national&format=pdf', sqlFloor: false },
];

module.exports = { reportScenarios, AS_OF };
