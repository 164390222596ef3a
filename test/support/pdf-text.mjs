// Reads a PDF back for the tests: prints {pages, text, width, height, title, author} as JSON.
// pdf-parse 2.x loads only as ESM on Node 20, hence this small .mjs run as a child process.
import { readFileSync } from 'fs';
import { PDFParse } from 'pdf-parse';

const data = readFileSync(process.argv[2]);
const parser = new PDFParse({ data });
const text = await parser.getText();
const info = await parser.getInfo();
// the first page's MediaBox; every page of these documents has the same size
const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(data.toString('latin1'));
process.stdout.write(
  JSON.stringify({
    pages: text.total ?? info.total,
    text: text.text,
    width: box ? Number(box[3]) - Number(box[1]) : null,
    height: box ? Number(box[4]) - Number(box[2]) : null,
    title: info.info?.Title ?? null,
    author: info.info?.Author ?? null,
  }),
);
await parser.destroy();
