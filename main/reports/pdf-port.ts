/** What turns a report's HTML into PDF bytes: Chromium from the engine, or Electron's own printer in the shell. */
export interface PdfPort {
  render(html: string): Promise<Buffer>;
}
