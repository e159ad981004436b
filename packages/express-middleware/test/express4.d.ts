// Express 4 is installed under the alias `express4` for these tests; its API used here matches 5's types.
declare module "express4" {
  import express from "express";
  export default express;
}
