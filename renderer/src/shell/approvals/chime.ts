/**
 * A short two-note chime made with WebAudio (no sound file to ship). Quiet and brief: it marks a
 * new approval once, it is not an alarm. Without audio (policy, no device) nothing happens; the
 * badge and the notification still say it.
 */
export function playChime(): void {
  try {
    const context = new AudioContext();
    void context.resume();
    const start = context.currentTime + 0.02;
    [880, 1320].forEach((frequency, i) => {
      const at = start + i * 0.18;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.17);
    });
    window.setTimeout(() => void context.close(), 800);
  } catch {
    // No audio here: the other signals remain.
  }
}
