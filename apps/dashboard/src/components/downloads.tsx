'use client';
// Download links of a run: JSON, CSV and SVG come from the route handler; PNG is drawn in the
// browser from the server's SVG on a canvas.
import { useState } from 'react';

async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = doc.documentElement;
  const width = Number.parseFloat(svg.getAttribute('width') ?? '') || 800;
  const height = Number.parseFloat(svg.getAttribute('height') ?? '') || 450;
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function save(blob: Blob, name: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function Downloads({ path, id }: { path: string; id: string }) {
  const [error, setError] = useState<string | null>(null);
  const base = `/api/runs/${path}`;
  const png = async () => {
    setError(null);
    try {
      const res = await fetch(`${base}?format=svg`, { cache: 'no-store' });
      if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error ?? `HTTP ${res.status}`);
      save(await svgToPng(await res.text()), `${id}.png`);
    } catch (e) {
      setError(`PNG failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className="downloads">
      <span className="muted">Download</span>
      <a className="button" href={`${base}?format=json&download`} download>
        JSON
      </a>
      <a className="button" href={`${base}?format=csv&download`} download>
        CSV
      </a>
      <a className="button" href={`${base}?format=svg&download`} download>
        SVG
      </a>
      <button className="button" onClick={png} data-testid="download-png">
        PNG
      </button>
      {error && <span className="error-text">{error}</span>}
    </div>
  );
}
