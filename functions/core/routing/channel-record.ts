/** Folder of a report holding each channel's delivery record (mutable, like `delivery.json`). */
export const CHANNEL_RECORDS_FOLDER = 'channels/';

/** `<report folder>channels/<channel>.json`: claimed before the channel is sent, like the email's record. */
export const channelRecordKey = (prefix: string, channel: string) =>
  `${prefix}${CHANNEL_RECORDS_FOLDER}${channel}.json`;
