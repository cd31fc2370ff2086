/**
 * GPU-level demand as a growable list of transfers between endpoints (CSR endpoint numbers 0..N−1,
 * i.e. node S+e). Workloads emit flows; forwarding and aggregation consume them. Uniform all-to-all
 * never becomes a flow list (N² pairs): it has its own analytic path (uniform.ts).
 */
export class FlowList {
  src: Int32Array;
  dst: Int32Array;
  bytes: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.src = new Int32Array(capacity);
    this.dst = new Int32Array(capacity);
    this.bytes = new Float64Array(capacity);
  }

  push(src: number, dst: number, bytes: number): void {
    if (bytes <= 0 || src === dst) return;
    if (this.length === this.src.length) this.grow();
    this.src[this.length] = src;
    this.dst[this.length] = dst;
    this.bytes[this.length++] = bytes;
  }

  total(): number {
    let t = 0;
    for (let i = 0; i < this.length; i++) t += this.bytes[i];
    return t;
  }

  private grow(): void {
    const cap = this.src.length * 2;
    const s = new Int32Array(cap);
    s.set(this.src);
    const d = new Int32Array(cap);
    d.set(this.dst);
    const b = new Float64Array(cap);
    b.set(this.bytes);
    this.src = s;
    this.dst = d;
    this.bytes = b;
  }
}
