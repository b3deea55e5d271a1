/** Saves text the engine produced as a file, through the browser's own download. */
export function downloadText(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; a delay keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
