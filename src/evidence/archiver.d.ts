// The part of archiver 5 (brought by exceljs; streaming zip writer) that the evidence export uses;
// the package ships no types.
declare module 'archiver' {
  import { Readable, Transform } from 'stream';

  namespace archiver {
    interface EntryData {
      name: string;
      date?: Date;
    }
    interface Archiver extends Transform {
      append(source: Readable | Buffer | string, data: EntryData): this;
      finalize(): Promise<void>;
      abort(): this;
      on(event: 'entry', listener: (entry: EntryData) => void): this;
      on(event: 'warning' | 'error', listener: (error: Error) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }
  }
  function archiver(format: 'zip', options?: { zlib?: { level?: number }; store?: boolean }): archiver.Archiver;
  export = archiver;
}
