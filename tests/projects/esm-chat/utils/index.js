export * from './utf8'
export * from './sse'
export { formatTime as time } from './time'
