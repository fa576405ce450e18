/* Reisgenoot live assist: turn the call audio into 16-bit frames of about 250 ms.
   Each frame: one byte with the channel count, then little-endian samples, interleaved. */
class ReisgenootPcm extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.channels = (options.processorOptions && options.processorOptions.channels) || 1;
    this.size = Math.round(sampleRate / 4);
    this.buffers = [];
    for (var c = 0; c < this.channels; c += 1) {
      this.buffers.push(new Float32Array(this.size));
    }
    this.filled = 0;
  }

  process(inputs) {
    var input = inputs[0];
    if (!input || input.length === 0) {
      return true;
    }
    var length = input[0].length;
    for (var i = 0; i < length; i += 1) {
      for (var c = 0; c < this.channels; c += 1) {
        var source = input[Math.min(c, input.length - 1)];
        this.buffers[c][this.filled] = this.channels === 1 && input.length > 1
          ? (input[0][i] + input[1][i]) / 2
          : source[i];
      }
      this.filled += 1;
      if (this.filled === this.size) {
        this.flush();
      }
    }
    return true;
  }

  flush() {
    var frame = new ArrayBuffer(1 + this.size * this.channels * 2);
    var view = new DataView(frame);
    view.setUint8(0, this.channels);
    var offset = 1;
    for (var i = 0; i < this.size; i += 1) {
      for (var c = 0; c < this.channels; c += 1) {
        var value = Math.max(-1, Math.min(1, this.buffers[c][i]));
        view.setInt16(offset, value < 0 ? value * 0x8000 : value * 0x7fff, true);
        offset += 2;
      }
    }
    this.filled = 0;
    this.port.postMessage(frame, [frame]);
  }
}

registerProcessor("reisgenoot-pcm", ReisgenootPcm);
