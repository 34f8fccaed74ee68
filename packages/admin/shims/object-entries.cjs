/**
 * node-polyglot (react-admin's translations) requires the `object.entries` polyfill, which brings a dozen ES5-era
 * shim packages (get-intrinsic, call-bind, object-keys…) into the portal's first download. Every browser the portal
 * supports has Object.entries; vite.config.ts points the package here.
 */
module.exports = function entries(value) {
  return Object.entries(value);
};
