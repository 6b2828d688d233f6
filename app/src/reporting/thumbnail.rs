//! Small previews of photos attached as evidence, made once when the file is uploaded, so a
//! progress timeline shows a few kilobytes per photo instead of the 10 MB original.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// The longest side of a thumbnail, in pixels (shown at half that on high-density screens).
pub const SIDE: u32 = 240;
/// Pictures larger than this are not decoded (a "pixel bomb" gets no thumbnail, not a crash).
const MAX_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// A JPEG thumbnail of a JPEG or PNG picture, or `None` when it cannot be read within limits.
pub fn thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return None;
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let picture = reader.decode().ok()?;
    // JPEG has no transparency: a PNG's transparent parts turn black otherwise, so flatten
    // onto white as a document would show them.
    let small = picture.thumbnail(SIDE, SIDE).into_rgba8();
    let mut flat = image::RgbImage::new(small.width(), small.height());
    for (x, y, pixel) in small.enumerate_pixels() {
        let [r, g, b, a] = pixel.0;
        let over_white =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        flat.put_pixel(
            x,
            y,
            image::Rgb([over_white(r), over_white(g), over_white(b)]),
        );
    }
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&flat)
        .ok()?;
    Some(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbaImage::from_fn(width, height, |x, _| {
            image::Rgba([
                (x % 256) as u8,
                80,
                160,
                if x < width / 2 { 255 } else { 0 },
            ])
        });
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_photo_becomes_a_small_jpeg_of_the_same_shape() {
        let thumb = thumbnail(&png(1200, 600)).unwrap();
        assert_eq!(&thumb[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
        let read = image::load_from_memory(&thumb).unwrap();
        assert_eq!((read.width(), read.height()), (240, 120));
        // The transparent half is white, not black.
        let pixel = read.to_rgb8().get_pixel(230, 60).0;
        assert!(pixel.iter().all(|c| *c > 240), "{pixel:?}");
    }

    #[test]
    fn what_is_not_a_readable_picture_gets_none() {
        assert_eq!(thumbnail(b"%PDF-1.7"), None);
        let mut broken = png(100, 100);
        broken.truncate(60);
        assert_eq!(thumbnail(&broken), None);
        // A PNG header claiming 100,000 × 100,000 pixels is not decoded.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert_eq!(thumbnail(&bomb), None);
    }
}
