'use client';
// The width of a chart's container, followed with a ResizeObserver. Ours rather than Nivo's
// ResponsiveWrapper, whose CommonJS build cannot load its auto-sizer dependency (jest, Node).
import { useEffect, useRef, useState, type RefObject } from 'react';

export function useContainerWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
