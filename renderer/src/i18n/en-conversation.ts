/** English texts of the timeline, unmatched replies and voice preview; the same keys as sv-conversation.ts. */
import type { RepliesMessages, TimelineMessages, VoicePreviewMessages } from './sv-conversation';

export const enTimeline: TimelineMessages = {
  open: 'Shows the recipient’s events in a side panel.',
  title: 'Events: {{name}}',
  listLabel: 'Events for {{name}}, oldest first',
  hint: 'Updates while the alert runs.',
  empty: 'No events yet.',
  newEntry: 'New event for {{name}}: {{step}}.',
  key: 'Key {{key}}',
  reply: 'Reply: “{{text}}”',
  standDown: 'Stand-down',
  steps: {
    queued: 'Queued',
    dialled: 'Dialled',
    ringing: 'Ringing',
    answered: 'Answered',
    machine: 'Answering machine picked up',
    voicemail_left: 'Message left on voicemail',
    pressed_confirm: 'Confirmed by key press',
    pressed_decline: 'Declined by key press',
    sms_sent: 'SMS sent',
    sms_delivered: 'SMS delivered',
    replied_confirm: 'Confirmed by SMS reply',
    replied_decline: 'Declined by SMS reply',
    replied_text: 'Replied with text',
    completed: 'Ended',
    busy: 'Busy',
    no_answer: 'No answer',
    failed: 'Failed',
    canceled: 'Canceled',
    in_doubt: 'Uncertain – being checked with the carrier',
  },
};

export const enReplies: RepliesMessages = {
  heading: 'Replies that could not be matched',
  intro: 'SMS replies and key presses no alert took, e.g. a YES from an unknown number or after the alert ended. Contact the person if needed.',
  tableLabel: 'Replies that could not be matched, newest first',
  columns: { at: 'Time', from: 'From number', body: 'Text', channel: 'Channel', meaning: 'Read as' },
  channels: { sms: 'SMS', dtmf: 'Key press' },
  meanings: { confirm: 'Confirmation', decline: 'Decline', stop: 'Opt-out (STOP)', start: 'Opt-in (START)', unknown: 'Unknown' },
  empty: 'No replies that could not be matched.',
  end: 'There are no older replies.',
  loadMore: 'Show more replies',
  refresh: 'Refresh',
};

export const enVoicePreview: VoicePreviewMessages = {
  listen: 'Listen',
  listenLabel: 'Listen to the text for voice calls',
  asDrill: 'As a drill',
  asDrillHint: '“This is a drill” is read first.',
  needText: 'Write a text for voice calls first.',
  player: 'Preview',
  ready: 'The preview is ready ({{duration}}).',
  spoken: 'How the text is read',
  voice: 'Voice',
  voiceValue: '{{engine}}, {{voice}}',
  engines: { espeak: 'eSpeak NG', piper: 'Piper', twilio: 'Twilio' },
  fallback: 'Fallback voice: {{reason}}',
  stale: 'The text has changed since the preview. Press Listen again to hear the new one.',
};
