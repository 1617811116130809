// A typed first-in-first-out buffer for text waiting to be shown.
export class TextQueue<T extends string = string> {
  private items: T[] = []

  constructor(private readonly limit: number = 10000) {}

  push(item: T): void {
    if (this.items.length >= this.limit) this.items.shift()
    this.items.push(item)
  }

  drain(): string {
    const all = this.items.join('')
    this.items = []
    return all
  }

  get size(): number {
    return this.items.length
  }
}
