export enum Role {
  System = 'system',
  User = 'user',
  Assistant = 'assistant',
}

export enum StreamState {
  Idle,
  Waiting,
  Streaming,
  Finished = 10,
  Failed,
}

export interface ChatMessage {
  role: Role
  content: string
  pending?: boolean
}

export type Delta = Partial<Pick<ChatMessage, 'role' | 'content'>>
