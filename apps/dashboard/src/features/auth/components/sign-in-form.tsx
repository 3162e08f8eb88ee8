import { useId, useState, type FormEvent } from 'react';
import { loginSchema, toFieldProblems } from '@truce-monitor/domain';
import { useHealth } from '../api/get-health';
import { useLogin } from '../api/login';
import { DEMO_PASSWORD } from '../roles';
import { DemoAccountsHint } from './demo-accounts-hint';

type Field = 'username' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

/** Sign-in, validated by the same zod schema the API validates the request with. */
export function SignInForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const loginMutation = useLogin();
  // Only a server that seeded demo accounts offers them (never a production one).
  const demoAccounts = useHealth().data?.demoAccounts === true;
  const formError = loginMutation.error;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = loginSchema.safeParse({ username, password });
    if (!parsed.success) {
      setFieldErrors(firstProblemPerField(toFieldProblems(parsed.error.issues)));
      return;
    }
    setFieldErrors({});
    loginMutation.mutate(parsed.data, {
      onError: (error) => setFieldErrors(firstProblemPerField(error.details)),
    });
  }

  function fillDemoAccount(demoUsername: string) {
    setUsername(demoUsername);
    setPassword(DEMO_PASSWORD);
    setFieldErrors({});
    loginMutation.reset();
  }

  return (
    <form className="sign-in-form" onSubmit={handleSubmit} noValidate aria-label="Sign in">
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        value={username}
        onChange={setUsername}
        error={fieldErrors.username}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={fieldErrors.password}
      />
      {formError && (
        <p className="form-error" role="alert" data-testid="sign-in-error">
          {formError.statusCode === 401 ? 'Wrong username or password.' : formError.message}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={loginMutation.isPending}>
        {loginMutation.isPending ? 'Signing in…' : 'Sign in'}
      </button>
      {demoAccounts && <DemoAccountsHint onPick={fillDemoAccount} />}
    </form>
  );
}

interface TextFieldProps {
  label: string;
  name: Field;
  type?: 'text' | 'password';
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

function TextField({ label, name, type = 'text', autoComplete, value, onChange, error }: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        required
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function firstProblemPerField(problems: readonly { field: string; problem: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, problem } of problems) {
    if ((field === 'username' || field === 'password') && !errors[field]) errors[field] = problem;
  }
  return errors;
}
