import { hrefOf } from '../../router/hash-route';

/** `#/schema?nytt=1` a new schedule; `#/schema?schema=3` edits one. */
export const newScheduleHref = () => `${hrefOf('schema')}?nytt=1`;
export const editScheduleHref = (id: number) => `${hrefOf('schema')}?schema=${id}`;
export const schedulesHref = () => hrefOf('schema');
