/** Progress of a long job on stderr: a rewritten line on a terminal, a few plain lines otherwise. */
export class Progress {
  private lastPrinted = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    if (this.stream.isTTY) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}`);
      if (done >= this.total) this.stream.write('\n');
    } else if (percent >= this.lastPrinted + 25 || done >= this.total) {
      this.lastPrinted = percent;
      this.stream.write(`${this.label}: ${done}/${this.total} (${percent}%)\n`);
    }
  }
}
