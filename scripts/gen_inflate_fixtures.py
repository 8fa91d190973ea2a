"""Records what CPython's zlib.decompress makes of many zlib streams, valid and not.

Writes fixtures/zlib-inflate.json, which test/inflate.test.ts checks src/zlib/inflate.ts against
(verdict, bytes and message), beside pako's inflate:

- "sources": the uncompressed data (hex) the streams were made from;
- "streams": zlib.compressobj output for those sources at several levels, strategies, window
  sizes and memory levels, including multi-block streams (sync and full flushes between chunks),
  a preset-dictionary stream and one followed by trailing bytes, each with Python's verdict;
- "crafted": streams written bit by bit (a tiny DEFLATE writer below) to reach every check zlib
  makes: header, block types, stored lengths, code counts, over-subscribed and incomplete codes,
  bit-length repeats, missing end-of-block, invalid codes (fixed 286/287 and 30/31, unused codes
  of single-code sets), distances too far back, long codes (up to 15 bits), length 258 written
  as 284 + 31, distance 32768, the checksum;
- "mutations": streams damaged deterministically (bit flips, cuts, inserted and deleted bytes,
  random bytes after a valid header), each as a recipe applied to a stream, with the verdict.

Verdict: {"ok": output hex} or {"error": str(zlib.error)}, e.g. "Error -3 while decompressing
data: invalid block type".

Run (any Python 3 with zlib 1.2.x; the fixtures were made with Debian's /usr/bin/python3):
    node scripts/python.mjs scripts/gen_inflate_fixtures.py
Deterministic: fixed seeds, no clock.
"""

import hashlib
import json
import os
import random
import sys
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "zlib-inflate.json")


def verdict(data, source=None):
    """What zlib.decompress(data) does: {"error": message}, or the output as {"ok": hex}, as
    {"ok": true} when it is `source`, or as {"sha256": ..., "length": ...} when it is long."""
    try:
        out = zlib.decompress(data)
    except zlib.error as e:
        return {"error": str(e)}
    if source is not None and out == source:
        return {"ok": True}
    if len(out) > 2048:
        return {"sha256": hashlib.sha256(out).hexdigest(), "length": len(out)}
    return {"ok": out.hex()}


# ---------------------------------------------------------------------------------------------
# Sources

def words(n, seed):
    """Text with JSON's repeats: what cookies hold."""
    rng = random.Random(seed)
    vocab = ['{"', '":', '"', ",", "}", "[", "]", "_id", "_user_id", "_fresh", "true", "csrf_token",
             "success", "You are logged in.", "cart", "sku", "SKU-10", "price", "qty", " t", "0", "1",
             "2", "42", "abcdef", "0123456789", "Loose leaf tea no. ", "/products/"]
    out = []
    size = 0
    while size < n:
        w = rng.choice(vocab)
        out.append(w)
        size += len(w)
    return "".join(out).encode()[:n]


def sources():
    rng = random.Random(7)
    login = (b'{"_flashes":[{" t":["success","You are logged in."]},{" t":["message","Your profile changes '
             b'have been saved."]}],"_fresh":true,"_id":"' + b"0123456789abcdef" * 8 +
             b'","_user_id":"42","csrf_token":"07b6615beb38daf888498991cd992d103a3889ac"}')
    return {
        "empty": b"",
        "one byte": b"a",
        "short session": b'{"_fresh":true,"_id":"947ee04199f7b33f","_user_id":"42"}',
        "login session": login,
        "words 2000": words(2000, 1),
        "random 1000": bytes(rng.randrange(256) for _ in range(1000)),
        "runs": b"a" * 3000 + b"ab" * 700 + b"abc" * 300 + bytes(range(256)),
        "pattern 3000": bytes((i * i) % 251 for i in range(3000)),
        "words 34000 (beyond the 32 KiB window)": words(34000, 2),
    }


STRATEGIES = {"default": zlib.Z_DEFAULT_STRATEGY, "filtered": zlib.Z_FILTERED,
              "huffman-only": zlib.Z_HUFFMAN_ONLY, "rle": zlib.Z_RLE, "fixed": zlib.Z_FIXED}


def compress(data, level=6, strategy="default", wbits=15, mem_level=8, chunks=None, flush=None, zdict=None):
    kwargs = {"zdict": zdict} if zdict is not None else {}
    c = zlib.compressobj(level, zlib.DEFLATED, wbits, mem_level, STRATEGIES[strategy], **kwargs)
    if chunks is None:
        return c.compress(data) + c.flush()
    out = b""
    step = max(1, len(data) // chunks)
    for i in range(0, len(data), step):
        out += c.compress(data[i:i + step]) + c.flush(flush)
    return out + c.flush()


def streams(srcs):
    rows = []

    def add(source, **options):
        stream = compress(srcs[source], **options)
        shown = {k: v.hex() if isinstance(v, bytes) else v for k, v in options.items()}
        rows.append({"source": source, "options": shown, "hex": stream.hex(), **verdict(stream, srcs[source])})

    for source in srcs:
        big = source.startswith("words 34000")
        for level in [1, 6] if big else [0, 1, 2, 6, 9]:
            for strategy in ["default", "huffman-only"] if big else STRATEGIES:
                add(source, level=level, strategy=strategy)
        if not big:
            for wbits in (9, 12):
                add(source, wbits=wbits)
            add(source, mem_level=1)
            add(source, level=9, mem_level=9)
    for flush in (zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH):
        for source in ("login session", "words 2000", "runs"):
            add(source, chunks=5, flush=flush)
    # A preset dictionary: zlib asks for it (Z_NEED_DICT), which zlib.decompress cannot give.
    add("login session", zdict=b'{"_fresh":true,"_id":"')
    # Bytes after the end of the stream: ignored.
    trailing = compress(srcs["login session"]) + b"trailing bytes"
    rows.append({"source": "login session", "options": {"trailing": True}, "hex": trailing.hex(),
                 **verdict(trailing, srcs["login session"])})
    return rows


# ---------------------------------------------------------------------------------------------
# A tiny DEFLATE writer, for streams zlib's compressor never writes (RFC 1951).

class Bits:
    def __init__(self):
        self.bits = []

    def put(self, value, n):
        """n bits of value, least significant first (RFC 1951 3.1.1)."""
        for i in range(n):
            self.bits.append((value >> i) & 1)

    def code(self, code, length):
        """A Huffman code, most significant bit first."""
        for i in reversed(range(length)):
            self.bits.append((code >> i) & 1)

    def align(self):
        while len(self.bits) % 8:
            self.bits.append(0)

    def raw(self, data):
        self.align()
        for b in data:
            self.put(b, 8)

    def bytes(self):
        self.align()
        return bytes(sum(self.bits[i + j] << j for j in range(8)) for i in range(0, len(self.bits), 8))


def canonical(lengths):
    """RFC 1951 3.2.2: symbol -> (code, length) for the nonzero lengths."""
    codes = {}
    code = 0
    for length in range(1, 16):
        for symbol, l in enumerate(lengths):
            if l == length:
                codes[symbol] = (code, length)
                code += 1
        code <<= 1
    return codes


FIXED_LIT = [8] * 144 + [9] * 112 + [7] * 24 + [8] * 8
FIXED_DIST = [5] * 32
CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
#: A complete code for the 19 code length symbols: 13 of 4 bits, 6 of 5 bits.
CLEN_DEFAULT = [4] * 13 + [5] * 6
LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
               163, 195, 227, 258]
LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
             3073, 4097, 6145, 8193, 12289, 16385, 24577]
DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]


def zlib_header(cmf=0x78, flg=None):
    if flg is None:
        flg = 0x9c if cmf == 0x78 else (31 - ((cmf << 8) % 31)) % 31
    return bytes([cmf, flg])


def write_symbols(w, lit_codes, dist_codes, symbols):
    """symbols: ints (literal/length symbols, 256 = end), ("match", length, distance), ("lsym", symbol,
    extra) / ("dsym", symbol, extra) for raw symbols, ("bits", value, n) for anything else."""
    for s in symbols:
        if isinstance(s, int):
            w.code(*lit_codes[s])
        elif s[0] == "match":
            _, length, distance = s
            i = max(i for i, b in enumerate(LENGTH_BASE) if b <= length)
            if length == 258:
                i = 28
            w.code(*lit_codes[257 + i])
            w.put(length - LENGTH_BASE[i], LENGTH_EXTRA[i])
            j = max(j for j, b in enumerate(DIST_BASE) if b <= distance)
            w.code(*dist_codes[j])
            w.put(distance - DIST_BASE[j], DIST_EXTRA[j])
        elif s[0] == "lsym":
            w.code(*lit_codes[s[1]])
            w.put(s[2], LENGTH_EXTRA[s[1] - 257] if 257 <= s[1] < 286 else 0)
        elif s[0] == "dsym":
            w.code(*dist_codes[s[1]])
            w.put(s[2], DIST_EXTRA[s[1]] if s[1] < 30 else 0)
        elif s[0] == "bits":
            w.put(s[1], s[2])


def fixed_block(w, symbols, final=1):
    w.put(final, 1)
    w.put(1, 2)
    write_symbols(w, canonical(FIXED_LIT), canonical(FIXED_DIST), symbols)


def dynamic_header(w, lit_lengths, dist_lengths, final=1, clen=CLEN_DEFAULT, hclen=19, sequence=None,
                   hlit=None, hdist=None):
    """A dynamic block's header. `sequence` overrides the code length symbols sent: ints 0-15, or
    (16|17|18, extra)."""
    w.put(final, 1)
    w.put(2, 2)
    w.put((hlit if hlit is not None else len(lit_lengths)) - 257, 5)
    w.put((hdist if hdist is not None else len(dist_lengths)) - 1, 5)
    w.put(hclen - 4, 4)
    clen_by_symbol = [0] * 19
    for i, symbol in enumerate(CLEN_ORDER):
        clen_by_symbol[symbol] = clen[i] if i < len(clen) else 0
    for i in range(hclen):
        w.put(clen_by_symbol[CLEN_ORDER[i]], 3)
    clen_codes = canonical(clen_by_symbol)
    if sequence is None:
        sequence = list(lit_lengths) + list(dist_lengths)
    for s in sequence:
        if isinstance(s, int):
            w.code(*clen_codes[s])
        else:
            symbol, extra = s
            w.code(*clen_codes[symbol])
            w.put(extra, {16: 2, 17: 3, 18: 7}[symbol])


def dynamic_block(w, lit_lengths, dist_lengths, symbols, final=1, **header):
    dynamic_header(w, lit_lengths, dist_lengths, final=final, **header)
    write_symbols(w, canonical(lit_lengths), canonical(dist_lengths), symbols)


def stream(build, trailer=True):
    """zlib header + the blocks `build` writes + the Adler-32 of what zlib decodes from them."""
    w = Bits()
    build(w)
    out = zlib_header() + w.bytes()
    if trailer:
        try:
            decoded = zlib.decompressobj().decompress(out)
        except zlib.error:
            decoded = b""
        out += zlib.adler32(decoded).to_bytes(4, "big")
    return out


def rle(lengths):
    """Code length symbols for `lengths` as zlib's deflate writes them (RFC 1951 3.2.7): runs of
    zeros as 17/18, runs of a length as the length then 16s."""
    out = []
    i = 0
    while i < len(lengths):
        v = lengths[i]
        run = 1
        while i + run < len(lengths) and lengths[i + run] == v:
            run += 1
        i += run
        if v == 0:
            while run >= 11:
                n = min(run, 138)
                out.append((18, n - 11))
                run -= n
            if run >= 3:
                out.append((17, run - 3))
                run = 0
            out.extend([0] * run)
        else:
            out.append(v)
            run -= 1
            while run >= 3:
                n = min(run, 6)
                out.append((16, n - 3))
                run -= n
            out.extend([v] * run)
    return out


def lit_lengths_with(codes, total=286):
    """Literal/length code lengths: `codes` maps symbol -> length, others 0."""
    lengths = [0] * total
    for s, l in codes.items():
        lengths[s] = l
    return lengths


def crafted():
    rows = []

    def add(name, data):
        rows.append({"name": name, "hex": data.hex(), **verdict(data)})

    hello = b"hello"
    # A small complete literal/length code (Kraft's sum is 1) and a two-code distance code.
    small_lit = lit_lengths_with({ord("a"): 2, ord("b"): 3, ord("c"): 3, 256: 3, 257: 3, 258: 3, 284: 4, 285: 4})
    small_dist = [1, 1]  # distances 1 and 2

    # -- the header (RFC 1950 2.2), in zlib's order of checks
    add("empty input", b"")
    add("one byte", b"\x78")
    add("header only", zlib_header())
    add("header check fails", b"\x78\x9d" + zlib.compress(hello)[2:])
    add("compression method 7", zlib_header(0x77) + zlib.compress(hello)[2:])
    add("compression method 15", zlib_header(0x7f) + zlib.compress(hello)[2:])
    add("window size 64 KiB (CINFO 8)", zlib_header(0x88) + zlib.compress(hello)[2:])
    add("window size 256 B (CINFO 0)", zlib_header(0x08) + zlib.compress(hello)[2:])
    add("window size 256 B (CINFO 0), distances beyond 256 B: zlib does not check", zlib_header(0x08) +
        zlib.compress(b"abcdefgh" + bytes(range(256)) * 2 + b"abcdefgh")[2:])
    fdict = zlib_header(0x78, 0xbb)  # FDICT set, FCHECK valid
    add("preset dictionary, with its id", fdict + b"\x01\x02\x03\x04" + zlib.compress(hello)[2:])
    add("preset dictionary, id cut short", fdict + b"\x01\x02\x03")

    # -- block types (RFC 1951 3.2.3)
    def stored(w, data, final=1, nlen=None):
        w.put(final, 1)
        w.put(0, 2)
        n = len(data)
        w.raw(n.to_bytes(2, "little") + (nlen if nlen is not None else (n ^ 0xffff)).to_bytes(2, "little") + data)

    add("block type 3", stream(lambda w: w.put(0b111, 3)))
    add("block type 3 after a stored block", stream(lambda w: (stored(w, b"ab", 0), w.put(0b111, 3))))

    # -- stored blocks (RFC 1951 3.2.4)
    add("stored: hello", stream(lambda w: stored(w, hello)))
    add("stored: empty", stream(lambda w: stored(w, b"")))
    add("stored: LEN and NLEN disagree", stream(lambda w: stored(w, hello, nlen=0x1234)))
    add("stored: NLEN = LEN", stream(lambda w: stored(w, hello, nlen=5)))
    add("stored: three blocks", stream(lambda w: (stored(w, b"ab", 0), stored(w, b"", 0), stored(w, b"cd"))))
    add("stored: LEN beyond the input", stream(lambda w: stored(w, hello))[:-6])
    add("stored: cut in LEN/NLEN", stream(lambda w: stored(w, hello))[:4])
    add("stored, fixed and dynamic blocks", stream(lambda w: (
        stored(w, b"ab", 0),
        fixed_block(w, [ord("c"), 256], 0),
        dynamic_block(w, small_lit, small_dist, [ord("a"), ("match", 4, 1), 256]),
    )))

    # -- fixed blocks (RFC 1951 3.2.6)
    add("fixed: hello", stream(lambda w: fixed_block(w, list(hello) + [256])))
    add("fixed: literal/length 286", stream(lambda w: fixed_block(w, [ord("a"), ("lsym", 286, 0), 256])))
    add("fixed: literal/length 287", stream(lambda w: fixed_block(w, [ord("a"), ("lsym", 287, 0), 256])))
    add("fixed: distance 30", stream(lambda w: fixed_block(w, [ord("a"), ("lsym", 257, 0), ("dsym", 30, 0), 256])))
    add("fixed: distance 31", stream(lambda w: fixed_block(w, [ord("a"), ("lsym", 257, 0), ("dsym", 31, 0), 256])))
    add("fixed: a match first (distance too far back)", stream(lambda w: fixed_block(w, [("match", 3, 1), 256])))
    add("fixed: distance 2 after one byte", stream(lambda w: fixed_block(w, [ord("a"), ("match", 3, 2), 256])))
    add("fixed: distance = bytes so far", stream(lambda w: fixed_block(w, [ord("a"), ord("b"), ("match", 5, 2), 256])))
    add("fixed: run of 258 at distance 1", stream(lambda w: fixed_block(w, [ord("z"), ("match", 258, 1), 256])))
    add("fixed: 258 written as 284 + 31", stream(lambda w: fixed_block(w, [ord("z"), ("lsym", 284, 31), ("dsym", 0, 0), 256])))
    big = words(40000, 3)
    add("fixed: distance 32768", stream(lambda w: (stored(w, big[:32768], 0), fixed_block(w, [("match", 10, 32768), 256]))))
    add("fixed: distance 32768 after 32767 bytes", stream(lambda w: (stored(w, big[:32767], 0), fixed_block(w, [("match", 10, 32768), 256]))))
    add("fixed: no end-of-block", stream(lambda w: fixed_block(w, list(hello)), trailer=False))
    add("fixed: not the last block, then nothing", stream(lambda w: fixed_block(w, list(hello) + [256], 0), trailer=False))

    # -- dynamic blocks (RFC 1951 3.2.7): the counts
    add("dynamic: small code", stream(lambda w: dynamic_block(w, small_lit, small_dist, [ord("a"), ord("b"), ("match", 3, 2), ord("c"), 256])))
    add("dynamic: 287 literal/length codes", stream(lambda w: dynamic_header(w, small_lit + [0], small_dist)))
    add("dynamic: 288 literal/length codes", stream(lambda w: dynamic_header(w, small_lit + [0, 0], small_dist)))
    add("dynamic: 31 distance codes", stream(lambda w: dynamic_header(w, small_lit, [1, 1] + [0] * 29)))
    add("dynamic: 32 distance codes", stream(lambda w: dynamic_header(w, small_lit, [1, 1] + [0] * 30)))
    add("dynamic: 30 distance codes", stream(lambda w: dynamic_block(w, small_lit, [1, 1] + [0] * 28, [ord("a"), ("match", 3, 1), 256])))
    add("dynamic: 257 literal/length and 1 distance codes", stream(lambda w: dynamic_block(
        w, lit_lengths_with({ord("a"): 1, 256: 1}, 257), [0], [ord("a"), 256])))
    add("dynamic: 4 code length codes, so only zeros", stream(lambda w: dynamic_header(
        w, [0] * 257, [0], clen=[2, 2, 2, 2], hclen=4, sequence=[(18, 127), (18, 109)])))

    # -- the code length code
    add("code length code over-subscribed", stream(lambda w: dynamic_header(w, small_lit, small_dist, clen=[1, 1, 1] + [4] * 16)))
    add("code length code incomplete", stream(lambda w: dynamic_header(w, small_lit, small_dist, clen=[4] * 19)))
    add("code length code: one code of one bit", stream(lambda w: dynamic_header(w, small_lit, small_dist, clen=[0, 0, 0, 1], hclen=4, sequence=[])))
    # With no code length code at all, zlib reads every bit as the length 0 (then complains about
    # the missing end-of-block), or runs out of input first.
    add("code length code empty, enough zero bits", stream(lambda w: (dynamic_header(w, small_lit, small_dist, clen=[0] * 19, sequence=[]), w.put(0, 300))))
    add("code length code empty, few bits", stream(lambda w: dynamic_header(w, small_lit, small_dist, clen=[0] * 19, sequence=[]), trailer=False))

    # -- code lengths: repeats (16: the previous length, 17/18: zeros)
    def with_seq(seq, lit=small_lit, dist=small_dist, symbols=(256,)):
        return stream(lambda w: dynamic_block(w, lit, dist, list(symbols), sequence=seq))

    add("repeat 16 first", with_seq([(16, 0)]))
    add("repeat 17 beyond the end", with_seq([(18, 127)] * 2 + [(17, 7)] * 5))
    add("repeat 18 beyond the end", with_seq([(18, 127)] * 3))
    add("repeat 16 beyond the end", with_seq([(18, 127)] * 2 + [1] + [(16, 3)] * 8))
    add("repeat 16 after a repeat of zeros", with_seq([(18, 0), (16, 0)] + rle(small_lit[14:] + small_dist)))
    add("repeats, as zlib writes them", with_seq(rle(small_lit + small_dist), symbols=[ord("a"), ("match", 3, 1), 256]))
    # Runs that cross from the literal/length lengths into the distance lengths.
    lit_tail = lit_lengths_with({ord("a"): 1, 256: 3, 257: 3, 284: 3, 285: 3})
    dist_head = [3] * 8  # 285's 3 continues into the distances
    add("repeat 16 from literal/length into distance lengths", with_seq(
        rle(lit_tail + dist_head), lit=lit_tail, dist=dist_head,
        symbols=[ord("a"), ("match", 3, 1), ("match", 3, 1), ("match", 3, 5), 256]))
    lit_zero_tail = lit_lengths_with({ord("a"): 1, 256: 2, 257: 2})
    add("repeat 18 from literal/length into distance lengths", with_seq(
        rle(lit_zero_tail + [0] * 10 + [1, 1]), lit=lit_zero_tail, dist=[0] * 10 + [1, 1],
        symbols=[ord("a")] * 40 + [("match", 3, 33), 256]))

    # -- literal/length and distance codes: zlib's verdicts on the sets
    add("no end-of-block code", stream(lambda w: dynamic_header(w, lit_lengths_with({ord("a"): 1, ord("b"): 1}), small_dist)))
    add("literal/length code over-subscribed", stream(lambda w: dynamic_header(w, lit_lengths_with({ord("a"): 1, ord("b"): 1, 256: 1}), small_dist)))
    add("literal/length code incomplete", stream(lambda w: dynamic_header(w, lit_lengths_with({ord("a"): 2, ord("b"): 2, 256: 2}), small_dist)))
    only_end = lit_lengths_with({256: 1})
    add("literal/length code: only end-of-block, one bit", stream(lambda w: dynamic_block(w, only_end, small_dist, [256])))
    add("literal/length code: only end-of-block, its unused code used", stream(lambda w: dynamic_block(w, only_end, small_dist, [("bits", 1, 1), 256])))
    add("literal/length code: only end-of-block, two bits", stream(lambda w: dynamic_header(w, lit_lengths_with({256: 2}), small_dist)))
    lit_ab = lit_lengths_with({ord("a"): 2, ord("b"): 2, 256: 2, 257: 2})
    add("distance code empty, literals only", stream(lambda w: dynamic_block(w, lit_ab, [0], [ord("a"), ord("b"), 256])))
    add("distance code empty, a match", stream(lambda w: dynamic_block(w, lit_ab, [0], [ord("a"), ord("b"), 257, ("bits", 0, 1), 256])))
    add("distance code empty, a match at the end of the input", stream(lambda w: dynamic_block(w, lit_ab, [0], [ord("a"), ord("b"), 257]), trailer=False))
    add("distance code: one code of one bit, used", stream(lambda w: dynamic_block(w, lit_ab, [0, 1], [ord("a"), ord("b"), ("match", 3, 2), 256])))
    add("distance code: one code of one bit, its unused code used", stream(lambda w: dynamic_block(w, lit_ab, [0, 1], [ord("a"), ord("b"), 257, ("bits", 1, 1), 256])))
    add("distance code: one code of two bits", stream(lambda w: dynamic_header(w, lit_ab, [0, 2])))
    add("distance code incomplete", stream(lambda w: dynamic_header(w, lit_ab, [1, 2])))
    add("distance code over-subscribed", stream(lambda w: dynamic_header(w, lit_ab, [1, 1, 1])))

    # -- long codes, up to 15 bits (beyond a decoder's first-level table)
    long_lit = lit_lengths_with({ord("a") + i: i + 1 for i in range(12)})  # 'a'-'l': 1-12 bits
    long_lit[257] = 13
    long_lit[ord("n")] = 14
    long_lit[ord("o")] = 15
    long_lit[256] = 15
    long_dist = [min(i + 1, 15) for i in range(16)]  # 1-15 bits, two of 15
    text = [ord(c) for c in "abcdefghijkl"] * 20 + [ord("n"), ord("o")]
    matches = [("match", 3, d) for d in (1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 200)]
    add("codes of 1 to 15 bits", stream(lambda w: dynamic_block(w, long_lit, long_dist, text + matches + [256])))

    # -- the trailer (RFC 1950 2.2)
    good = zlib.compress(b"checksum" * 10)
    add("checksum wrong", good[:-1] + bytes([good[-1] ^ 1]))
    add("checksum cut short", good[:-2])
    add("checksum missing", good[:-4])
    add("bytes after the stream", good + b"\x00garbage")
    add("a second stream after the stream", good + zlib.compress(b"second"))
    return rows


# ---------------------------------------------------------------------------------------------
# Mutations

def mutate(stream, op, rng):
    n = len(stream)
    if op == "flip":
        at = rng.randrange(n)
        bit = rng.randrange(8)
        return {"op": op, "at": at, "bit": bit}, stream[:at] + bytes([stream[at] ^ (1 << bit)]) + stream[at + 1:]
    if op == "cut":
        at = rng.randrange(n)
        return {"op": op, "at": at}, stream[:at]
    if op == "insert":
        at = rng.randrange(n + 1)
        byte = rng.randrange(256)
        return {"op": op, "at": at, "byte": byte}, stream[:at] + bytes([byte]) + stream[at:]
    if op == "delete":
        at = rng.randrange(n)
        return {"op": op, "at": at}, stream[:at] + stream[at + 1:]
    raise ValueError(op)


def mutations(stream_rows, srcs):
    rng = random.Random(20240601)
    rows = []
    small = [i for i, r in enumerate(stream_rows) if len(r["hex"]) <= 2 * 3000]
    for k in range(2400):
        i = small[k % len(small)]
        stream = bytes.fromhex(stream_rows[i]["hex"])
        if not stream:
            continue
        op = ("flip", "cut", "insert", "delete")[k % 4]
        recipe, data = mutate(stream, op, rng)
        rows.append({"stream": i, **recipe, **verdict(data, srcs[stream_rows[i]["source"]])})
    # Random bytes after a valid header.
    for k in range(400):
        data = zlib_header() + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        rows.append({"op": "random", "hex": data.hex(), **verdict(data)})
    return rows


def main():
    srcs = sources()
    stream_rows = streams(srcs)
    table = {
        "generator": "scripts/gen_inflate_fixtures.py",
        "versions": {"python": sys.version.split()[0], "zlib": zlib.ZLIB_RUNTIME_VERSION},
        "sources": {name: data.hex() for name, data in srcs.items()},
        "streams": stream_rows,
        "crafted": crafted(),
        "mutations": mutations(stream_rows, srcs),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=0, ensure_ascii=True)
        f.write("\n")
    errors = {}
    for row in table["crafted"] + table["mutations"]:
        key = row.get("error", "ok").split(": ", 1)[-1]
        errors[key] = errors.get(key, 0) + 1
    print(f"wrote {os.path.relpath(OUT)}: " + ", ".join(f"{k} {len(v)}" for k, v in table.items() if isinstance(v, list)))
    for key, count in sorted(errors.items(), key=lambda kv: -kv[1]):
        print(f"  {count:5d}  {key}")


if __name__ == "__main__":
    main()
