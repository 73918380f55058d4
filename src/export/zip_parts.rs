//! The workbook's zip container, written here rather than by the spreadsheet library so
//! that the big sheets can be compressed on every core: each piece of a part is deflated
//! on its own, ended with a sync flush (byte-aligned, not final), and the pieces are
//! joined into the part's one deflate stream, as parallel gzip tools do. Parts made by
//! the library are copied as they are, still compressed.

use std::io::{self, Write};

use flate2::{Compress, Compression, FlushCompress, Status};

/// One deflated piece of a part: its bytes as compressed, and the CRC and length of the
/// bytes it holds.
pub(super) struct Piece {
    pub(super) deflated: Vec<u8>,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Piece {
    /// `input` compressed at `level`; `last` ends the part's stream.
    pub(super) fn of(input: &[u8], level: u32, last: bool) -> io::Result<Piece> {
        let mut c = Compress::new(Compression::new(level), false);
        let mut out = Vec::with_capacity(input.len() / 5 + 64);
        let flush = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::Sync
        };
        loop {
            if out.len() == out.capacity() {
                out.reserve(out.capacity().max(1 << 12));
            }
            let read = usize::try_from(c.total_in()).unwrap_or(input.len());
            let status = c
                .compress_vec(&input[read.min(input.len())..], &mut out, flush)
                .map_err(io::Error::other)?;
            let all_in = usize::try_from(c.total_in()).is_ok_and(|n| n == input.len());
            match status {
                Status::StreamEnd => break,
                // A sync flush is complete once all is read and room was left over.
                _ if !last && all_in && out.len() < out.capacity() => break,
                _ => {}
            }
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(input);
        Ok(Piece {
            deflated: out,
            crc,
            len: input.len() as u64,
        })
    }
}

/// A part being put together from pieces, in order (kept apart, never copied into
/// one buffer).
#[derive(Default)]
pub(super) struct Joined {
    deflated: Vec<Vec<u8>>,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Joined {
    pub(super) fn push(&mut self, piece: Piece) {
        self.deflated.push(piece.deflated);
        self.crc.combine(&piece.crc);
        self.len += piece.len;
    }
}

/// The central directory's record of one part.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

/// Sizes and offsets from this value on are written in the zip64 way.
const ZIP64_FROM: u64 = u32::MAX as u64;

/// Writes a zip archive part by part.
pub(super) struct ZipOut<'a> {
    out: &'a mut dyn Write,
    at: u64,
    entries: Vec<Entry>,
    zip64_from: u64,
}

/// DOS date of 1980-01-01, the earliest a zip can hold (the library writes it too).
const DOS_DATE: u16 = (1 << 5) | 1;

impl<'a> ZipOut<'a> {
    pub(super) fn new(out: &'a mut dyn Write) -> ZipOut<'a> {
        ZipOut {
            out,
            at: 0,
            entries: Vec::new(),
            zip64_from: ZIP64_FROM,
        }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// Adds a part of `size` bytes stored with `method` (0 stored, 8 deflated).
    pub(super) fn add(
        &mut self,
        name: &str,
        method: u16,
        crc: u32,
        size: u64,
        data: &[u8],
    ) -> io::Result<()> {
        self.add_pieces(name, method, crc, size, &[data])
    }

    /// [`ZipOut::add`] of data given in pieces.
    fn add_pieces<D: AsRef<[u8]>>(
        &mut self,
        name: &str,
        method: u16,
        crc: u32,
        size: u64,
        data: &[D],
    ) -> io::Result<()> {
        let compressed: u64 = data.iter().map(|d| d.as_ref().len() as u64).sum();
        let big = size >= self.zip64_from || compressed >= self.zip64_from;
        let mut head = Vec::with_capacity(30 + name.len() + 20);
        head.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        head.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes());
        head.extend_from_slice(&method.to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes());
        head.extend_from_slice(&DOS_DATE.to_le_bytes());
        head.extend_from_slice(&crc.to_le_bytes());
        let small = |v: u64| if big { u32::MAX } else { v as u32 };
        head.extend_from_slice(&small(compressed).to_le_bytes());
        head.extend_from_slice(&small(size).to_le_bytes());
        head.extend_from_slice(&(name.len() as u16).to_le_bytes());
        head.extend_from_slice(&(if big { 20u16 } else { 0 }).to_le_bytes());
        head.extend_from_slice(name.as_bytes());
        if big {
            head.extend_from_slice(&1u16.to_le_bytes());
            head.extend_from_slice(&16u16.to_le_bytes());
            head.extend_from_slice(&size.to_le_bytes());
            head.extend_from_slice(&compressed.to_le_bytes());
        }
        let offset = self.at;
        self.put(&head)?;
        for d in data {
            self.put(d.as_ref())?;
        }
        self.entries.push(Entry {
            name: name.to_string(),
            method,
            crc,
            compressed,
            size,
            offset,
        });
        Ok(())
    }

    /// Adds a part put together from deflated pieces.
    pub(super) fn add_joined(&mut self, name: &str, part: Joined) -> io::Result<()> {
        let crc = part.crc.clone().finalize();
        self.add_pieces(name, 8, crc, part.len, &part.deflated)
    }

    /// Writes the central directory; the archive is then complete.
    pub(super) fn finish(mut self) -> io::Result<()> {
        let start = self.at;
        let mut dir = Vec::new();
        let mut any64 = false;
        for e in &self.entries {
            let mut extra = Vec::new();
            let mut field = |v: u64| {
                if v >= self.zip64_from {
                    extra.extend_from_slice(&v.to_le_bytes());
                    u32::MAX
                } else {
                    v as u32
                }
            };
            let size = field(e.size);
            let compressed = field(e.compressed);
            let offset = field(e.offset);
            let big = !extra.is_empty();
            any64 |= big;
            dir.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            let version = if big { 45u16 } else { 20 };
            dir.extend_from_slice(&version.to_le_bytes());
            dir.extend_from_slice(&version.to_le_bytes());
            dir.extend_from_slice(&0u16.to_le_bytes());
            dir.extend_from_slice(&e.method.to_le_bytes());
            dir.extend_from_slice(&0u16.to_le_bytes());
            dir.extend_from_slice(&DOS_DATE.to_le_bytes());
            dir.extend_from_slice(&e.crc.to_le_bytes());
            dir.extend_from_slice(&compressed.to_le_bytes());
            dir.extend_from_slice(&size.to_le_bytes());
            dir.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            let extra_len = if big { extra.len() as u16 + 4 } else { 0 };
            dir.extend_from_slice(&extra_len.to_le_bytes());
            // Comment, disk, internal and external attributes.
            dir.extend_from_slice(&[0u8; 10]);
            dir.extend_from_slice(&offset.to_le_bytes());
            dir.extend_from_slice(e.name.as_bytes());
            if big {
                dir.extend_from_slice(&1u16.to_le_bytes());
                dir.extend_from_slice(&(extra.len() as u16).to_le_bytes());
                dir.extend_from_slice(&extra);
            }
        }
        self.put(&dir)?;
        let count = self.entries.len() as u64;
        let dir_len = dir.len() as u64;
        let big = any64 || start >= self.zip64_from || count >= 0xFFFF;
        let mut end = Vec::new();
        if big {
            let record = self.at;
            end.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
            end.extend_from_slice(&44u64.to_le_bytes());
            end.extend_from_slice(&45u16.to_le_bytes());
            end.extend_from_slice(&45u16.to_le_bytes());
            end.extend_from_slice(&[0u8; 8]);
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&dir_len.to_le_bytes());
            end.extend_from_slice(&start.to_le_bytes());
            end.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
            end.extend_from_slice(&0u32.to_le_bytes());
            end.extend_from_slice(&record.to_le_bytes());
            end.extend_from_slice(&1u32.to_le_bytes());
        }
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0u8; 4]);
        let n = if big { 0xFFFF } else { count as u16 };
        end.extend_from_slice(&n.to_le_bytes());
        end.extend_from_slice(&n.to_le_bytes());
        let small = |v: u64| if big { u32::MAX } else { v as u32 };
        end.extend_from_slice(&small(dir_len).to_le_bytes());
        end.extend_from_slice(&small(start).to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.put(&end)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    fn archive(zip64_from: u64) -> Vec<u8> {
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("<c r=\"A{i}\"><v>{}</v></c>", i % 977).into_bytes())
            .collect();
        let mut out = Vec::new();
        let mut zip = ZipOut::new(&mut out);
        zip.zip64_from = zip64_from;
        zip.add("a.txt", 0, crc32fast::hash(b"plain"), 5, b"plain")
            .unwrap();
        let mut joined = Joined::default();
        let pieces: Vec<&[u8]> = text.chunks(70_001).collect();
        for (k, piece) in pieces.iter().enumerate() {
            joined.push(Piece::of(piece, 3, false).unwrap());
            assert!(k < pieces.len());
        }
        joined.push(Piece::of(b"", 3, true).unwrap());
        zip.add_joined("xl/big.xml", joined).unwrap();
        zip.finish().unwrap();
        let mut back = zip::ZipArchive::new(Cursor::new(&out)).unwrap();
        let mut read = Vec::new();
        back.by_name("xl/big.xml")
            .unwrap()
            .read_to_end(&mut read)
            .unwrap();
        assert!(read == text, "the joined pieces read back as one stream");
        let mut small = String::new();
        back.by_name("a.txt")
            .unwrap()
            .read_to_string(&mut small)
            .unwrap();
        assert_eq!(small, "plain");
        out
    }

    #[test]
    fn pieces_deflated_apart_read_back_as_one_part() {
        let out = archive(ZIP64_FROM);
        assert!(out.len() < 2_000_000, "{} bytes", out.len());
    }

    #[test]
    fn big_parts_and_offsets_are_written_the_zip64_way() {
        // Every size and offset from 100 bytes on takes the zip64 fields.
        let out = archive(100);
        assert!(out.windows(4).any(|w| w == 0x0606_4b50u32.to_le_bytes()));
    }
}
