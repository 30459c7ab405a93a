package io.bqsftp.compress;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Inflater;

/**
 * CPU per MB and ratio of each block deflater on a file, the way {@link ParallelGzipOutputStream}
 * uses them (256 KiB blocks primed with the previous 32 KiB, sync-flushed), on this thread, timed
 * by thread CPU time (robust on a loaded machine), best of {@code reps}; every output is inflated
 * back and compared. {@code BlockDeflaterCpuBench FILE REPS ENGINE:LEVEL...}, engines
 * {@code zlib}, {@code isal}, {@code libdeflate}.
 */
public final class BlockDeflaterCpuBench {
  private BlockDeflaterCpuBench() {}

  public static void main(String[] args) throws Exception {
    byte[] data = Files.readAllBytes(Path.of(args[0]));
    int reps = Integer.parseInt(args[1]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf("%,d bytes of %s; libdeflate: %s%n", data.length, args[0], LibdeflateNative.available() ? "available" : LibdeflateNative.unavailableReason());
    System.out.println("| engine | level | ratio | MB per CPU-s |");
    System.out.println("|---|---|---|---|");
    for (int a = 2; a < args.length; a++) {
      String[] spec = args[a].split(":");
      int level = Integer.parseInt(spec[1]);
      BlockDeflater deflater = switch (spec[0]) {
        case "zlib" -> new ZlibBlockDeflater(level);
        case "isal" -> new IsalBlockDeflater(level);
        case "libdeflate" -> new LibdeflateBlockDeflater(level);
        default -> throw new IllegalArgumentException(spec[0]);
      };
      long size = 0;
      double best = Double.MAX_VALUE;
      for (int r = 0; r <= reps; r++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        byte[] out = compress(deflater, data);
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        if (r > 0) {
          best = Math.min(best, cpu);
        }
        size = out.length;
        if (r == 0) {
          check(data, out);
        }
      }
      deflater.end();
      System.out.printf("| %s | %d | %.3f | %.1f |%n", spec[0], level, (double) data.length / size, data.length / 1e6 / best);
    }
  }

  static byte[] compress(BlockDeflater deflater, byte[] data) {
    int block = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
    int dict = ParallelGzipOutputStream.DICTIONARY_SIZE;
    byte[] all = new byte[data.length + data.length / 8 + 1024];
    int n = 0;
    BlockDeflater.Output output = new BlockDeflater.Output(block + 1024);
    byte[] input = new byte[block];
    byte[] dictionary = new byte[dict];
    for (int off = 0; off < data.length; off += block) {
      int len = Math.min(block, data.length - off);
      int dictLen = Math.min(dict, off);
      System.arraycopy(data, off - dictLen, dictionary, 0, dictLen);
      System.arraycopy(data, off, input, 0, len);
      int k = deflater.deflate(dictionary, dictLen, input, len, off + len == data.length, output);
      if (n + k > all.length) {
        all = Arrays.copyOf(all, (n + k) * 2);
      }
      System.arraycopy(output.bytes, 0, all, n, k);
      n += k;
    }
    return Arrays.copyOf(all, n);
  }

  static void check(byte[] data, byte[] deflated) throws Exception {
    Inflater inflater = new Inflater(true);
    inflater.setInput(deflated);
    byte[] back = new byte[data.length];
    int n = 0;
    while (!inflater.finished() && n < back.length) {
      n += inflater.inflate(back, n, back.length - n);
    }
    if (n != data.length || !Arrays.equals(back, data) || !inflater.finished()) {
      throw new AssertionError("round trip failed");
    }
    inflater.end();
  }
}
