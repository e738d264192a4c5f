// Electronegativity asks the Internet for translations and Electron's release list through `got`.
// The build machines (and air-gapped sites) have no Internet: answer at once that it is offline,
// instead of letting a timed-out retry crash the run.
const Module = require('node:module');
const load = Module._load;
const offline = () => Promise.reject(new Error('offline: no network access'));
offline.head = offline;
offline.get = offline;
Module._load = function (request, ...rest) {
  if (request === 'got') return Object.assign(offline, { default: offline });
  return load.call(this, request, ...rest);
};
