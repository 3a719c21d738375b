/**
 * A Linux TUN device opened through libc (Deno has no API for it): the process reads the IP
 * packets the kernel routes into the device and writes packets back into the kernel. Needs
 * root (CAP_NET_ADMIN), `/dev/net/tun` and `--allow-ffi`.
 *
 * @module
 */
import { InteropError } from "./interop_error.ts";

const O_RDWR = 2;
const IFF_TUN = 0x0001;
const IFF_NO_PI = 0x1000;
/** `_IOW('T', 202, int)` */
const TUNSETIFF = 0x400454ca;
/** `struct ifreq` is 40 bytes on 64-bit Linux: the name (16 bytes), then a union. */
const IFREQ_BYTES = 40;

const SYMBOLS = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  // On a worker thread: a read blocks until the kernel routes a packet into the device.
  read: { parameters: ["i32", "buffer", "usize"], result: "isize", nonblocking: true },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
} as const;

/** An open TUN device. */
export interface TunDevice {
  readonly name: string;
  /** The next packet routed into the device (a new array). */
  read(): Promise<Uint8Array>;
  /** Hands `packet` to the kernel as if it arrived on the device. */
  write(packet: Uint8Array): void;
  close(): void;
}

/**
 * Creates (or attaches to) the TUN device `name` in this process's network namespace, without
 * packet-information headers: every read and write is one IP packet.
 *
 * @throws {InteropError} if libc, `/dev/net/tun` or the ioctl fails
 */
export function openTunDevice(name: string): TunDevice {
  if (!/^[A-Za-z0-9_-]{1,15}$/.test(name)) {
    throw new InteropError(`tun device: name must be 1-15 of [A-Za-z0-9_-], got ${name}`);
  }
  let libc: Deno.DynamicLibrary<typeof SYMBOLS>;
  try {
    libc = Deno.dlopen("libc.so.6", SYMBOLS);
  } catch (error) {
    throw new InteropError(`tun device: cannot load libc.so.6: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const fd = libc.symbols.open(new TextEncoder().encode("/dev/net/tun\0"), O_RDWR);
  if (fd < 0) {
    libc.close();
    throw new InteropError("tun device: cannot open /dev/net/tun (needs root and CONFIG_TUN)");
  }
  const ifreq = new Uint8Array(IFREQ_BYTES);
  ifreq.set(new TextEncoder().encode(name));
  new DataView(ifreq.buffer).setUint16(16, IFF_TUN | IFF_NO_PI, true);
  if (libc.symbols.ioctl(fd, BigInt(TUNSETIFF), ifreq) < 0) {
    libc.symbols.close(fd);
    libc.close();
    throw new InteropError(`tun device: TUNSETIFF ${name} failed (needs CAP_NET_ADMIN)`);
  }
  const buffer = new Uint8Array(65_536);
  return {
    name,
    async read() {
      const length = Number(await libc.symbols.read(fd, buffer, BigInt(buffer.length)));
      if (length < 0) throw new InteropError(`tun device ${name}: read failed`);
      return buffer.slice(0, length);
    },
    write(packet) {
      libc.symbols.write(fd, packet, BigInt(packet.length));
    },
    close() {
      libc.symbols.close(fd);
      libc.close();
    },
  };
}
