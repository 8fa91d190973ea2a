// Prettier, set to the style the code already has: double quotes, semicolons, trailing commas
// wherever they are allowed, and lines of up to about 130 columns (the code's 99th percentile is
// 129; comments are wrapped by hand at 100, and Prettier leaves comments alone). `npm run lint`
// checks it (so `npm test` does).
/** @type {import("prettier").Config} */
export default {
  printWidth: 130,
  trailingComma: "all",
};
