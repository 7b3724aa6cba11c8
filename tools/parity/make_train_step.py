#!/usr/bin/python3
"""One SDSeg TRAINING step with the OFFICIAL networks, for a parity check of our trainer.

Builds the official UNet, first stage and condition encoder from a checkout of the official repository (random
weights, dropout set to 0 so train mode is deterministic), draws a batch of images and {-1,+1} masks, timesteps
(one of them T-1, the step inference uses), noise and the posterior's standard-normal draw, and computes what
SDSeg.p_losses computes (spec section 2): z0 = scale_factor * (mean + std * eps_post) from the official
DiagonalGaussianDistribution, x_t = sqrt(ab_t) z0 + sqrt(1-ab_t) noise, eps_hat = UNet(cat[x_t, c], t),
x0_hat = sqrt(1/ab_t) x_t - sqrt(1/ab_t - 1) eps_hat, loss = mean|eps_hat - noise| + mean|x0_hat - z0| (per-sample
means, then the batch mean). The loss lines are written here from the spec because ddpm.py/SDSeg.py import
pytorch_lightning; every network, the schedule and the posterior come from the official code.

Usage:
  /usr/bin/python3 tools/parity/make_train_step.py --official-repo /tmp/parity/official \
      --config tools/parity/configs/small64.yaml --seed 0 --out /tmp/parity/step64
  sdseg parity-train-step --set /tmp/parity/step64
"""
import argparse
import importlib
import json
import os
import sys

import numpy as np
import torch
import yaml

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import official_modules as om  # noqa: E402
from make_reference import assemble_state_dict, build_networks, image_to_model_input, load_model_params  # noqa: E402
from test_images import make_test_image  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--official-repo", required=True)
    p.add_argument("--config", required=True)
    p.add_argument("--seed", type=int, default=0, help="seed of t, noise and the posterior draw")
    p.add_argument("--batch", type=int, default=3)
    p.add_argument("--out", required=True)
    p.add_argument("--init-seed", type=int, default=1234)
    p.add_argument("--threads", type=int, default=1)
    return p.parse_args()


def ellipse_mask(index, size):
    rng = np.random.RandomState(31 + 7 * index)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64)
    cx, cy = rng.uniform(0.2, 0.8, 2) * size
    a, b = rng.uniform(0.1, 0.35, 2) * size
    inside = ((xx - cx) / a) ** 2 + ((yy - cy) / b) ** 2 <= 1
    m = np.where(inside, 1.0, -1.0).astype(np.float32)
    return torch.from_numpy(np.stack([m, m, m])).unsqueeze(0)


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    params = load_model_params(args.config)
    official = om.load_official(args.official_repo)
    distributions = importlib.import_module("ldm.modules.distributions.distributions")

    unet_params = dict(params["unet_config"]["params"], dropout=0.0)
    fs_params = params["first_stage_config"]["params"]
    cond_params = dict(params["cond_stage_config"]["params"], dropout=0.0)
    ddconfig = dict(fs_params["ddconfig"])
    size = int(ddconfig["resolution"])
    timesteps = int(params.get("timesteps", 1000))
    os.makedirs(args.out, exist_ok=True)

    rnd = dict(gain=1.0, norm_jitter=0.1, bias_std=0.05)
    unet, first_stage, cond, _ = build_networks(official, unet_params, fs_params, cond_params, args.init_seed, rnd)
    buffers = om.schedule_buffers(official, timesteps, float(params["linear_start"]), float(params["linear_end"]))

    images = torch.cat([image_to_model_input(make_test_image(i, size)) for i in range(args.batch)])
    masks = torch.cat([ellipse_mask(i, size) for i in range(args.batch)])
    gen = torch.Generator().manual_seed(args.seed)
    with torch.no_grad():
        moments = first_stage.quant_conv(first_stage.encoder(masks))
    posterior = distributions.DiagonalGaussianDistribution(moments)
    t = torch.randint(0, timesteps, (args.batch,), generator=gen)
    t[0] = timesteps - 1
    noise = torch.randn(posterior.mean.shape, generator=gen)
    posterior_eps = torch.randn(posterior.mean.shape, generator=gen)
    z = posterior.mean + posterior.std * posterior_eps
    scale_factor = torch.tensor(1.0 / z.flatten().std().item(), dtype=torch.float32)
    z0 = (scale_factor * z).detach()

    unet.train()
    cond.train()
    ext = official.util.extract_into_tensor
    c = cond(images)
    x_t = ext(buffers["sqrt_alphas_cumprod"], t, z0.shape) * z0 + ext(buffers["sqrt_one_minus_alphas_cumprod"], t, z0.shape) * noise
    eps_hat = unet(torch.cat([x_t, c], dim=1), t)
    loss_simple = (eps_hat - noise).abs().mean(dim=[1, 2, 3]).mean()
    x0_hat = ext(buffers["sqrt_recip_alphas_cumprod"], t, z0.shape) * x_t - ext(buffers["sqrt_recipm1_alphas_cumprod"], t, z0.shape) * eps_hat
    loss_seg = (x0_hat - z0).abs().mean(dim=[1, 2, 3]).mean()
    loss = loss_simple + loss_seg
    loss.backward()

    state = assemble_state_dict(unet.state_dict(), None, first_stage, cond, buffers, scale_factor)
    torch.save(state, os.path.join(args.out, "weights.pt"))
    torch.save({"images": images, "masks": masks, "t": t, "noise": noise, "posterior_eps": posterior_eps},
               os.path.join(args.out, "step_inputs.pt"))
    reference = {"z0": z0, "condition": c.detach(), "eps_hat": eps_hat.detach()}
    for name, p in unet.named_parameters():
        reference["grad.model.diffusion_model." + name] = p.grad.detach().clone()
    for name, p in cond.named_parameters():
        reference["grad.cond_stage_model." + name] = p.grad.detach().clone()
    torch.save(reference, os.path.join(args.out, "step_reference.pt"))
    cfg = yaml.safe_load(open(args.config))
    cfg["model"]["params"]["unet_config"]["params"]["dropout"] = 0.0
    cfg["model"]["params"]["cond_stage_config"]["params"]["dropout"] = 0.0
    with open(os.path.join(args.out, "config.yaml"), "w") as f:
        yaml.safe_dump(cfg, f, sort_keys=False)
    summary = {"loss": loss.item(), "loss_simple": loss_simple.item(), "loss_seg": loss_seg.item(),
               "t": t.tolist(), "scale_factor": float(scale_factor), "torch": torch.__version__,
               "gradient_tensors": sum(1 for k in reference if k.startswith("grad."))}
    with open(os.path.join(args.out, "step_reference.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
