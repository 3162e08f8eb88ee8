import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { hotlineChannelSchema, type AgreementView, type GuarantorCode, type HotlineChannelInput } from '@truce-monitor/domain';
import { Field, FieldError, FormActions, FormAlert } from '../../../components/form';
import { paths } from '../../../config/paths';
import { showApiErrors, sameNames } from '../../../lib/form-errors';
import { navigate } from '../../../lib/router';
import { zodFormResolver } from '../../../lib/zod-form';
import { useOpenChannel } from '../api/open-channel';

interface ChannelValues {
  name: string;
  guarantors: GuarantorCode[];
}

/**
 * An administrator opens a hotline channel between two or more of the
 * agreement's guarantors (the RU–TR hotline is the first; more can be
 * opened). Checked by the same schema as the API; the opening is audited there.
 */
export function OpenChannelForm({ agreement }: { agreement: AgreementView }) {
  const titleId = useId();
  const guarantorsId = useId();
  const mutation = useOpenChannel();
  const [general, setGeneral] = useState<string[]>([]);
  const resolver = zodFormResolver(hotlineChannelSchema, (v: ChannelValues) => ({ agreementId: agreement.id, name: v.name, guarantors: v.guarantors || [] }));
  const { register, handleSubmit, setError, reset, formState } = useForm<ChannelValues, unknown, HotlineChannelInput>({
    resolver,
    defaultValues: { name: '', guarantors: [] },
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit((channel) => {
    setGeneral([]);
    mutation.mutate(channel, {
      onSuccess: (opened) => {
        reset();
        navigate(paths.hotline(opened.id));
      },
      onError: (error) => setGeneral(showApiErrors(error, setError, sameNames<ChannelValues>(['name', 'guarantors']))),
    });
  });

  return (
    <form className="panel admin-form hotline-open" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="open-channel-form">
      <h2 id={titleId}>Open a hotline channel</h2>
      <FormAlert messages={general} />
      <Field label="Name" error={errors.name?.message} hint="As the guarantors call it, e.g. Russia–Iran hotline">
        {(c) => <input autoComplete="off" {...c} {...register('name')} data-testid="channel-name" />}
      </Field>
      <fieldset className="field" aria-describedby={errors.guarantors ? `${guarantorsId}-error` : undefined}>
        <legend>Between</legend>
        {agreement.guarantors.map((g) => (
          <label key={g.code} className="choice">
            <input type="checkbox" value={g.code} {...register('guarantors')} data-testid={`channel-guarantor-${g.code}`} /> {g.name} ({g.code})
          </label>
        ))}
        <FieldError id={`${guarantorsId}-error`} message={errors.guarantors?.message ?? errors.guarantors?.root?.message} />
      </fieldset>
      <FormActions pending={mutation.isPending} label="Open the channel" busyLabel="Opening…" buttonTestId="open-channel" />
    </form>
  );
}
