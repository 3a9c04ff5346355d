/**
 * The shared read slab of recv, recvfrom and recvmsg: each read lands in the free tail
 * of one 256 KiB buffer and comes back as a view of exactly the bytes received, as
 * Node's stream reads do: no copy out, and one allocation per slab instead of per read.
 * The kernel gets the room by address, so a call makes no view of it; the next read
 * starts after the last one's bytes (8-byte aligned), and a slab whose free tail is too
 * small for a read is left to the views that still hold it. A read of more than
 * SLAB_READ_MAX gets a buffer of its own (the callers' business).
 */
import { Buffer } from 'node:buffer';
import { sys } from '../ffi/index.ts';

/** The largest read that goes into the slab. */
export const SLAB_READ_MAX = 65536;
const SLAB_SIZE = 4 * SLAB_READ_MAX;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabAddr = sys.addressOf(slab);
// The slab's ArrayBuffer, taken once: `.buffer` is a getter that goes into C++ each time.
let slabBuffer = slab.buffer;
let slabUsed = 0;

/** The address of room for `want` bytes (at most SLAB_READ_MAX) at the slab's tail. */
export function slabRoom(want: number): number {
  if (SLAB_SIZE - slabUsed < want) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabAddr = sys.addressOf(slab);
    slabBuffer = slab.buffer;
    slabUsed = 0;
  }
  return slabAddr + slabUsed;
}

/** The `got` bytes just read into the {@link slabRoom}, as a view that keeps them. */
export function slabTake(got: number): Buffer {
  const data = Buffer.from(slabBuffer, slab.byteOffset + slabUsed, got);
  slabUsed = (slabUsed + got + 7) & ~7;
  return data;
}
