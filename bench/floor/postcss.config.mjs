// The same Tailwind set-up as the app's (../../postcss.config.mjs).
const config = {
  plugins: { '@tailwindcss/postcss': {} },
};

export default config;
